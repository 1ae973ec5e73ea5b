import { describe, expect, it } from 'vitest';
import { contributions, coverageByTopic, coverageOverTime } from './report';
import type { Turn } from './types';
import { presentAllEvening, turn } from './test-fixtures';

const MIN = 60_000;
const here = presentAllEvening;
const onTopic = (participantId: string, start: number, seconds: number, topicId: string, extra: Partial<Turn> = {}) => turn(participantId, start, seconds, { topicId, ...extra });

describe('participation report figures', () => {
	it('coverage grows as people are heard, sampled over the evening', () => {
		// a at minute 1, b at minute 21, c never; four samples at 10, 20, 30, 40 minutes.
		const points = coverageOverTime([turn('a', MIN, 30), turn('b', 21 * MIN, 30)], here('a', 'b', 'c'), 0, 40 * MIN, 4);
		expect(points.map((p) => [p.at / MIN, p.heard, p.present])).toEqual([
			[10, 1, 3],
			[20, 1, 3],
			[30, 2, 3],
			[40, 2, 3]
		]);
	});

	it('a turn live at a sample counts only up to that moment', () => {
		// 3 s of a 60 s turn are in by the first sample: not yet heard (5 s).
		const points = coverageOverTime([turn('a', 0, 60)], here('a'), 0, 6_000, 2);
		expect(points.map((p) => p.heard)).toEqual([0, 1]);
	});

	it('counts speakers and heard people per topic, ignoring voided turns', () => {
		const turns = [onTopic('a', 0, 60, 'x'), onTopic('b', MIN, 3, 'x'), onTopic('c', 2 * MIN, 60, 'y'), onTopic('d', 3 * MIN, 60, 'y', { status: 'voided' })];
		expect(coverageByTopic(turns, here('a', 'b', 'c', 'd'), 10 * MIN)).toEqual([
			{ topicId: 'x', speakers: 2, heard: 1, speakingMs: 63_000 },
			{ topicId: 'y', speakers: 1, heard: 1, speakingMs: 60_000 }
		]);
	});

	it('counts topics (co-authors too, not withdrawn ones), dots and follow-ups per person', () => {
		const c = contributions({
			people: ['a', 'b', 'c'],
			topics: [
				{ authorId: 'a', coAuthors: [{ id: 'b' }], status: 'open' },
				{ authorId: 'a', coAuthors: [], status: 'withdrawn' },
				{ authorId: 'b', coAuthors: [], status: 'merged' }
			],
			dots: [
				{ participantId: 'a', count: 2 },
				{ participantId: 'c', count: 1 },
				{ participantId: 'c', count: 2 }
			],
			followUps: { c: 4 }
		});
		expect(c).toEqual([
			{ participantId: 'a', topics: 1, dots: 2, followUps: 0 },
			{ participantId: 'b', topics: 1, dots: 0, followUps: 0 },
			{ participantId: 'c', topics: 0, dots: 3, followUps: 4 }
		]);
	});
});
