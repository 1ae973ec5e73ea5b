import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyCommand } from './apply';
import { board } from './doc';
import { parseCommand, type CommandEnvelope } from './commands';
import { currentQueue, liveTurn } from './voices-apply';
import type { Actor } from './types';

const settings = { dotsPerParticipant: 3, maxDotsPerTopic: 2 };
const host: Actor = { kind: 'facilitator', id: 'host' };
const person = (id: string): Actor => ({ kind: 'participant', id, name: id });
let seq = 0;
function run(doc: Y.Doc, actor: Actor, type: string, args: Record<string, unknown>, now: number) {
	seq++;
	const parsed = parseCommand({ id: `00000000-0000-4000-9000-${String(seq).padStart(12, '0')}`, type, args });
	if (!parsed.ok) throw new Error(parsed.error);
	return applyCommand(doc, parsed.command as CommandEnvelope, { actor, settings, now }, { kind: 'command' });
}

describe('hands and turns on the board', () => {
	it('gives the floor through the queue, first-timers first, with server times', () => {
		const doc = new Y.Doc();
		run(doc, person('ann'), 'raiseHand', {}, 1000);
		run(doc, person('bob'), 'raiseHand', {}, 2000);
		expect(currentQueue(board(doc), 3000).queue.map((e) => e.participantId)).toEqual(['ann', 'bob']);
		expect(run(doc, person('ann'), 'giveFloor', {}, 3000)).toEqual({ ok: false, error: 'forbidden' });
		expect(run(doc, host, 'giveFloor', {}, 5000)).toEqual({ ok: true });
		const live = liveTurn(board(doc))!;
		expect(live).toMatchObject({ participantId: 'ann', start: 5000, source: 'queue', status: 'live' });
		// ann spoke; her new hand goes behind bob, who has not.
		run(doc, person('ann'), 'raiseHand', {}, 6000);
		run(doc, host, 'pauseTurn', {}, 10_000);
		run(doc, host, 'resumeTurn', {}, 14_000);
		run(doc, host, 'endTurn', {}, 20_000);
		expect(board(doc).turns.get(live.id)).toMatchObject({ end: 20_000, pausedMs: 4000, status: 'closed' });
		expect(liveTurn(board(doc))).toBeNull();
		expect(currentQueue(board(doc), 21_000).queue.map((e) => [e.participantId, e.reason])).toEqual([
			['bob', 'shown'],
			['ann', 'balance']
		]);
	});

	it('keeps at most one live turn: giving the floor ends the current one', () => {
		const doc = new Y.Doc();
		run(doc, host, 'giveFloor', { participantId: 'ann' }, 1000);
		run(doc, host, 'giveFloor', { participantId: 'bob' }, 4000);
		const turns = [...board(doc).turns.values()];
		expect(turns.filter((t) => t.status === 'live').map((t) => t.participantId)).toEqual(['bob']);
		expect(turns.find((t) => t.participantId === 'ann')).toMatchObject({ status: 'closed', end: 4000, source: 'manual' });
	});

	it('voids and reassigns turns, keeping both in the log', () => {
		const doc = new Y.Doc();
		run(doc, host, 'giveFloor', { participantId: 'ann' }, 1000);
		const wrong = liveTurn(board(doc))!;
		run(doc, host, 'reassignTurn', { turnId: wrong.id, participantId: 'bob' }, 2000);
		const live = liveTurn(board(doc))!;
		expect(live).toMatchObject({ participantId: 'bob', corrects: wrong.id, start: 1000 });
		expect(board(doc).turns.get(wrong.id)?.status).toBe('voided');
		run(doc, host, 'voidTurn', { turnId: live.id }, 3000);
		expect(liveTurn(board(doc))).toBeNull();
		expect(board(doc).log.toArray().map((e) => e.action)).toEqual(['floor', 'reassign', 'void']);
	});

	it('queues process points only once approved, and one response when enabled', () => {
		const doc = new Y.Doc();
		run(doc, host, 'giveFloor', { participantId: 'speaker' }, 500);
		run(doc, person('ann'), 'raiseHand', {}, 1000);
		run(doc, person('proc'), 'raiseHand', { kind: 'process' }, 2000);
		run(doc, person('resp'), 'raiseHand', { kind: 'response' }, 3000);
		const order = () => currentQueue(board(doc), 4000).queue.map((e) => e.participantId);
		expect(order()).toEqual(['ann', 'resp']);
		run(doc, host, 'approveProcessPoint', { participantId: 'proc' }, 4000);
		run(doc, host, 'setResponses', { enabled: true }, 4000);
		expect(order()).toEqual(['proc', 'resp', 'ann']);
		expect(run(doc, person('ann'), 'lowerHand', {}, 5000)).toEqual({ ok: true });
		expect(run(doc, person('ann'), 'lowerHand', {}, 5000)).toEqual({ ok: false, error: 'no_hand' });
	});
});
