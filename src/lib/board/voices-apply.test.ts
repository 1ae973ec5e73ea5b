import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyCommand } from './apply';
import { board } from './doc';
import { parseCommand, type CommandEnvelope } from './commands';
import { currentQueue, firstName, liveTurn } from './voices-apply';
import { openPresence } from './presence';
import type { Actor } from './types';

const settings = { dotsPerParticipant: 3, maxDotsPerTopic: 2 };
const host: Actor = { kind: 'facilitator', id: 'host' };
const person = (id: string): Actor => ({ kind: 'participant', id, name: id });
let seq = 0;
function run(doc: Y.Doc, actor: Actor, type: string, args: Record<string, unknown>, now: number, subject?: { id: string; name: string }) {
	seq++;
	const parsed = parseCommand({ id: `00000000-0000-4000-9000-${String(seq).padStart(12, '0')}`, type, args });
	if (!parsed.ok) throw new Error(parsed.error);
	return applyCommand(doc, parsed.command as CommandEnvelope, { actor, settings, now, ...(subject ? { subject } : {}) }, { kind: 'command' });
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

	it('orders by presence-weighted deficit: a late arrival is owed less than someone here all evening', () => {
		const doc = new Y.Doc();
		const b = board(doc);
		openPresence(b, 'early', 'connected', 0);
		openPresence(b, 'late', 'connected', 3_000_000);
		openPresence(b, 'talker', 'connected', 0);
		run(doc, host, 'giveFloor', { participantId: 'early' }, 10_000);
		run(doc, host, 'endTurn', {}, 20_000);
		run(doc, host, 'giveFloor', { participantId: 'late' }, 3_010_000);
		run(doc, host, 'giveFloor', { participantId: 'talker' }, 3_020_000);
		run(doc, host, 'endTurn', {}, 3_600_000);
		// early and late spoke 10 s each, talker 580 s. Present: early and talker 3600 s, late
		// 600 s. Fair shares of the 600 s spoken: early 600·3600/7800 ≈ 277 s (deficit 267 s),
		// late 600·600/7800 ≈ 46 s (deficit 36 s). Both raise a hand at the same moment.
		run(doc, person('late'), 'raiseHand', {}, 3_600_000);
		run(doc, person('early'), 'raiseHand', {}, 3_600_000);
		const queue = currentQueue(b, 3_600_000).queue;
		expect(queue.map((e) => [e.participantId, e.reason])).toEqual([
			['early', 'balance'],
			['late', 'balance']
		]);
	});

	it('lets the facilitator act for someone without a phone, marked as done by proxy', () => {
		const doc = new Y.Doc();
		const b = board(doc);
		const noPhone = { id: 'nophone', name: 'Gerda de Vries' };
		expect(run(doc, host, 'addProxyParticipant', { name: 'Gerda de Vries' }, 1000, noPhone)).toEqual({ ok: true, participantId: 'nophone' });
		expect(b.presence.get('nophone')!.marked).toEqual([{ start: 1000, end: null }]);
		run(doc, host, 'raiseHandFor', { participantId: 'nophone' }, 2000, noPhone);
		expect(b.hands.get('nophone')).toMatchObject({ byProxy: true, requestedAt: 2000 });
		const added = run(doc, host, 'addTopicFor', { participantId: 'nophone', title: 'Bankjes in het park' }, 3000, noPhone);
		expect(added.ok && b.topics.get(added.topicId!)).toMatchObject({ authorId: 'nophone', authorName: 'Gerda de Vries', byProxy: true });
		expect(run(doc, host, 'lowerHandFor', { participantId: 'nophone' }, 4000, noPhone)).toEqual({ ok: true });
		expect(b.hands.has('nophone')).toBe(false);
		run(doc, host, 'markPresent', { participantId: 'nophone', present: false }, 5000, noPhone);
		expect(b.presence.get('nophone')!.marked).toEqual([{ start: 1000, end: 5000 }]);
		// Without a person the server found, nothing is added.
		expect(run(doc, host, 'addTopicFor', { participantId: 'ghost', title: 'x' }, 6000)).toEqual({ ok: false, error: 'unknown_participant' });
		// Participants cannot act for others.
		expect(run(doc, person('ann'), 'raiseHandFor', { participantId: 'nophone' }, 6000)).toEqual({ ok: false, error: 'forbidden' });
	});

	it('moves a hand by hand: the new order holds, shows as moved, and is logged', () => {
		const doc = new Y.Doc();
		const b = board(doc);
		for (const [i, id] of ['ann', 'bob', 'cas', 'dirk'].entries()) run(doc, person(id), 'raiseHand', {}, 1000 + i);
		expect(run(doc, host, 'moveHand', { participantId: 'dirk', position: 0 }, 2000)).toEqual({ ok: true });
		expect(currentQueue(b, 3000).queue.map((e) => [e.participantId, e.reason])).toEqual([
			['dirk', 'moved'],
			['ann', 'shown'],
			['bob', 'first_time'],
			['cas', 'first_time']
		]);
		run(doc, host, 'moveHand', { participantId: 'cas', position: 2 }, 3000);
		expect(currentQueue(b, 3000).queue.map((e) => e.participantId)).toEqual(['dirk', 'ann', 'cas', 'bob']);
		expect(b.log.toArray().filter((e) => e.action === 'move').map((e) => e.detail)).toEqual(['dirk@0', 'cas@2']);
		// Lowering a hand frees its frozen place.
		run(doc, person('dirk'), 'lowerHand', {}, 4000);
		expect(currentQueue(b, 4000).queue[0].participantId).toBe('ann');
		expect(run(doc, host, 'moveHand', { participantId: 'nobody', position: 0 }, 4000)).toEqual({ ok: false, error: 'no_hand' });
	});

	it('shows a first name on the projector only with consent, and takes it back', () => {
		const doc = new Y.Doc();
		const b = board(doc);
		run(doc, { kind: 'participant', id: 'ann', name: '  Anna  Jansen ' }, 'showNameOnProjector', { show: true }, 1000);
		expect(b.publicNames.get('ann')).toBe('Anna');
		run(doc, person('ann'), 'showNameOnProjector', { show: false }, 2000);
		expect(b.publicNames.has('ann')).toBe(false);
		expect(firstName('Émile')).toBe('Émile');
	});
});
