import { describe, expect, it } from 'vitest';
import { roomFigures } from './room-figures';

describe('the after-session on the projector', () => {
	it('counts people per topic and connections only where both said yes', () => {
		const figures = roomFigures({
			people: [{}, {}, {}],
			interests: [
				{ topicId: 't1' },
				{ topicId: 't1' },
				{ topicId: 't2' }
			],
			requests: [{ status: 'accepted' }, { status: 'pending' }, { status: 'declined' }, { status: 'accepted' }],
			groups: [{ topicId: 't1', date: '2027-01-12', time: '19:30', place: 'Buurthuis' }]
		});
		expect(figures.participantCount).toBe(3);
		expect(figures.continuing).toEqual({ t1: 2, t2: 1 });
		expect(figures.connectionCount).toBe(2);
		expect(figures.nextMeeting).toEqual({ t1: { date: '2027-01-12', time: '19:30', place: 'Buurthuis' } });
	});

	it('carries nothing that names a person', () => {
		const figures = roomFigures({
			people: [{ id: 'ann', name: 'Ann' }],
			interests: [{ topicId: 't1', participantId: 'ann' } as { topicId: string }],
			requests: [{ status: 'accepted', fromId: 'ann', toId: 'bob' } as { status: string }],
			groups: []
		});
		expect(JSON.stringify(figures)).not.toMatch(/ann|bob/i);
	});
});
