import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { CLOSE } from '$lib/protocol/close-codes';
import { MESSAGE, SYNC_MESSAGE } from '$lib/protocol/messages';
import { ORIGIN_KIND } from '$lib/board/origins';
import { MemorySocket } from '../../../../tests/helpers/memory-socket';
import { MalformedMessage, encodeSyncStep1, encodeSyncStep2, encodeUpdate } from './frames';
import type { Connection } from './connection';
import { receive, type TransportRoom } from './transport';

const settle = () => new Promise((r) => setTimeout(r, 0));

function room(options: { catchUp?: () => Promise<void>; flushed?: () => Promise<void> } = {}) {
	const doc = new Y.Doc();
	doc.getMap('meta').set('title', 'Buurtavond');
	const calls: string[] = [];
	const target: TransportRoom = {
		doc,
		isDestroyed: false,
		flushed: options.flushed ?? (() => Promise.resolve()),
		syncStep2: (stateVector) => encodeSyncStep2(doc, stateVector),
		catchUp: options.catchUp ?? null,
		acceptAwareness: () => void calls.push('awareness'),
		sendPresentStates: () => void calls.push('present')
	};
	return { target, doc, calls };
}

function connection(canWrite: boolean) {
	const socket = new MemorySocket();
	const failures: unknown[] = [];
	const c: Connection = {
		id: 'c1',
		socket,
		canWrite,
		identity: { actor: { kind: 'facilitator', id: 'f' }, name: 'F', role: canWrite ? 'facilitator' : 'participant' },
		clientIds: new Set(),
		fail: (_kind, error) => void failures.push(error),
		took: () => {}
	};
	return { c, socket, failures };
}

/** An update from a doc that starts from `base` and adds one key. */
function changeOf(base: Y.Doc, key = 'x') {
	const other = new Y.Doc();
	Y.applyUpdate(other, Y.encodeStateAsUpdate(base));
	const before = Y.encodeStateVector(other);
	other.getMap('meta').set(key, 1);
	return Y.encodeStateAsUpdate(other, before);
}

describe('a client message', () => {
	it('answers a sync step 1 with the board, only after pending writes are committed', async () => {
		let commit: () => void = () => {};
		const { target, doc } = room({ flushed: () => new Promise<void>((r) => (commit = r)) });
		const { c, socket } = connection(false);
		receive(target, c, encodeSyncStep1(new Y.Doc()));
		await settle();
		expect(socket.sent).toEqual([]);
		commit();
		await settle();
		expect(socket.sent).toHaveLength(1);
		const decoder = decoding.createDecoder(socket.sent[0]);
		expect([decoding.readVarUint(decoder), decoding.readVarUint(decoder)]).toEqual([MESSAGE.sync, SYNC_MESSAGE.step2]);
		const copy = new Y.Doc();
		Y.applyUpdate(copy, decoding.readVarUint8Array(decoder));
		expect(copy.getMap('meta').get('title')).toBe(doc.getMap('meta').get('title'));
	});

	it('asks a phone to resync when the writes it waits for fail', async () => {
		const { target } = room({ flushed: () => Promise.reject(new Error('database gone')) });
		const { c, socket } = connection(false);
		receive(target, c, encodeSyncStep1(new Y.Doc()));
		await settle();
		expect(socket.closed?.code).toBe(CLOSE.reload.code);
	});

	it('lets a read-only phone send what changes nothing, and closes it (4409) for a change', () => {
		const { target, doc } = room();
		const { c, socket } = connection(false);
		// A stock client's answer to our step 1 when it holds nothing new.
		receive(target, c, encodeUpdate(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc))));
		expect(socket.closed).toBeNull();
		receive(target, c, encodeUpdate(changeOf(doc)));
		expect(socket.closed?.code).toBe(CLOSE.readOnly.code);
		expect(doc.getMap('meta').has('x')).toBe(false);
	});

	it('with several nodes, counts as a write only what is still new after catching up', async () => {
		const { target, doc } = room();
		// Another node deleted the title; the phone saw that there and sends it along.
		const elsewhere = new Y.Doc();
		Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(doc));
		const before = Y.encodeStateVector(elsewhere);
		elsewhere.getMap('meta').delete('title');
		const deletion = Y.encodeStateAsUpdate(elsewhere, before);
		const withCatchUp = { ...target, catchUp: async () => Y.applyUpdate(doc, deletion) };
		const { c, socket } = connection(false);
		receive(withCatchUp, c, encodeUpdate(deletion));
		await settle();
		expect(socket.closed).toBeNull();
		receive(withCatchUp, c, encodeUpdate(changeOf(doc, 'forged')));
		await settle();
		expect(socket.closed?.code).toBe(CLOSE.readOnly.code);
	});

	it('applies a writer’s update as a facilitator edit of that connection', () => {
		const { target, doc } = room();
		const { c } = connection(true);
		const origins: unknown[] = [];
		doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
		receive(target, c, encodeUpdate(changeOf(doc)));
		expect(doc.getMap('meta').get('x')).toBe(1);
		expect(origins).toEqual([{ kind: ORIGIN_KIND.facilitatorEdit, actor: c.identity.actor, connectionId: 'c1' }]);
	});

	it('refuses a writer’s update that builds on changes the board does not have, keeping nothing pending', () => {
		const { target, doc } = room();
		const ahead = new Y.Doc();
		Y.applyUpdate(ahead, Y.encodeStateAsUpdate(doc));
		ahead.getMap('meta').set('first', 1);
		const afterFirst = Y.encodeStateVector(ahead);
		ahead.getMap('meta').set('second', 2);
		const onlySecond = Y.encodeStateAsUpdate(ahead, afterFirst);
		const { c } = connection(true);
		expect(() => receive(target, c, encodeUpdate(onlySecond))).toThrow();
		expect(doc.store.pendingStructs).toBeNull();
		expect(doc.getMap('meta').has('second')).toBe(false);
	});

	it('throws on bytes no client sends, and hands awareness and queries to the room', () => {
		const { target, calls } = room();
		const { c } = connection(false);
		expect(() => receive(target, c, Uint8Array.of(MESSAGE.auth, 0))).toThrow();
		expect(() => receive(target, c, Uint8Array.of(MESSAGE.sync, 9))).toThrow(MalformedMessage);
		expect(() => receive(target, c, Uint8Array.of(MESSAGE.sync, SYNC_MESSAGE.step1, 5, 1))).toThrow();
		receive(target, c, Uint8Array.of(MESSAGE.queryAwareness));
		receive(target, c, Uint8Array.of(MESSAGE.awareness, 1, 0));
		expect(calls).toEqual(['present', 'awareness']);
	});
});

describe('a phone that moved from another node', () => {
	it('is not taken for a writer when it sends structs this node reads from the log before answering', async () => {
		const { target, doc } = room();
		// Another node added a topic; the phone saw it there, this node has not read it yet.
		const elsewhere = new Y.Doc();
		Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(doc));
		const before = Y.encodeStateVector(elsewhere);
		elsewhere.getMap('topics').set('t1', { title: 'Bankjes' });
		const added = Y.encodeStateAsUpdate(elsewhere, before);
		const withCatchUp = { ...target, catchUp: async () => Y.applyUpdate(doc, added) };
		const { c, socket } = connection(false);
		receive(withCatchUp, c, encodeUpdate(added));
		await settle();
		expect(socket.closed).toBeNull();
		// A struct this node still lacks after reading the log is a write attempt.
		const forged = new Y.Doc();
		Y.applyUpdate(forged, Y.encodeStateAsUpdate(doc));
		const known = Y.encodeStateVector(forged);
		forged.getMap('topics').set('t2', { title: 'Vals' });
		receive(withCatchUp, c, encodeUpdate(Y.encodeStateAsUpdate(forged, known)));
		await settle();
		expect(socket.closed?.code).toBe(CLOSE.readOnly.code);
	});
});
