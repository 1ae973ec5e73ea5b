import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { board, erasureCount, recordErasure } from '$lib/board/doc';
import type { Topic } from '$lib/board/types';
import { cacheVerdict } from './board-cache';

const NAME = 'Zwaantje Oosterhuis';
const text = (bytes: Uint8Array[]) => bytes.map((b) => new TextDecoder().decode(b)).join('\n');

function topic(over: Partial<Topic> = {}): Topic {
	return {
		id: 't1',
		title: 'Bankjes in het park',
		details: '',
		authorId: 'p1',
		authorName: NAME,
		coAuthors: [],
		createdAt: 1,
		status: 'open',
		hidden: false,
		pin: null,
		outcome: '',
		merge: null,
		...over
	};
}

describe('cacheVerdict', () => {
	it.each([
		[{ builtAfter: 2, erasures: 2, loaded: true }, 'keep'],
		[{ builtAfter: 2, erasures: 3, loaded: true }, 'rebuild'],
		// A copy built after more erasures than this doc has seen yet: still clean.
		[{ builtAfter: 3, erasures: 2, loaded: true }, 'keep'],
		// No number: a copy from before the rule, or a rebuild cut short. Its raw updates are unknown.
		[{ builtAfter: null, erasures: 0, loaded: true }, 'rebuild'],
		[{ builtAfter: null, erasures: 0, loaded: false }, 'mark'],
		[{ builtAfter: null, erasures: 4, loaded: false }, 'mark']
	] as const)('%o → %s', (input, verdict) => {
		expect(cacheVerdict(input)).toBe(verdict);
	});
});

describe('rebuilding from the doc', () => {
	it('keeps no erased name: the raw updates a copy stored carry it, the doc that saw the erasure does not', () => {
		const server = new Y.Doc({ gc: true });
		const screen = new Y.Doc();
		// What y-indexeddb stores: every update as received.
		const stored: Uint8Array[] = [];
		server.on('update', (update: Uint8Array) => Y.applyUpdate(screen, update, 'server'));
		screen.on('update', (update: Uint8Array) => stored.push(update));

		board(server).topics.set('t1', topic());
		board(server).publicNames.set('p1', 'Zwaantje');
		expect(text(stored)).toContain(NAME);

		// The server's erasure: names emptied and the erasure recorded in one transaction.
		server.transact(() => {
			const b = board(server);
			b.topics.set('t1', topic({ authorName: '' }));
			b.publicNames.delete('p1');
			recordErasure(b, 2);
		});

		expect(erasureCount(board(screen))).toBe(1);
		expect(text(stored)).toContain('Zwaantje');
		const rebuilt = Y.encodeStateAsUpdate(screen);
		expect(new TextDecoder().decode(rebuilt)).not.toContain('Zwaantje');
		// The rebuilt copy is the same board.
		const reopened = new Y.Doc();
		Y.applyUpdate(reopened, rebuilt);
		expect(board(reopened).topics.get('t1')).toEqual(topic({ authorName: '' }));
		expect(erasureCount(board(reopened))).toBe(1);
	});
});
