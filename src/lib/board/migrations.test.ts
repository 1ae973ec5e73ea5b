import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { board, erasureCount } from './doc';
import { getStoredSchemaVersion, setSchemaVersion } from './meta';
import { applyCommand } from './apply';
import { parseCommand, type CommandEnvelope } from './commands';
import { scrubNames } from './erase';
import {
	BOARD_SCHEMA_VERSION,
	FIRST_SCHEMA_VERSION,
	MIGRATIONS,
	NewerBoardError,
	migrateBoard,
	schemaVersionOf,
	versionOnFirstWrite
} from './migrations';
import { ORIGIN_KIND } from './origins';
import { BOARD_V1_BASE64 } from './fixtures/board-v1';

const NOW = 1_800_000_000_000;

/** The stored version-1 board, loaded as the server loads a board. */
function storedV1(): Y.Doc {
	const doc = new Y.Doc({ gc: true });
	Y.applyUpdate(doc, Buffer.from(BOARD_V1_BASE64, 'base64'), { kind: ORIGIN_KIND.load });
	return doc;
}

/** The doc's content without the version. */
function content(doc: Y.Doc) {
	const json = doc.toJSON() as { meta: Record<string, unknown> };
	const { schemaVersion: _version, ...meta } = json.meta;
	return { ...json, meta };
}

function recordUpdates(doc: Y.Doc) {
	const seen: { origin: unknown }[] = [];
	doc.on('update', (_u: Uint8Array, origin: unknown) => seen.push({ origin }));
	return seen;
}

function addTopic(doc: Y.Doc, origin: unknown) {
	const parsed = parseCommand({ id: crypto.randomUUID(), type: 'addTopic', args: { title: 'Bankjes' } });
	if (!parsed.ok) throw new Error(parsed.error);
	const actor = { kind: 'participant' as const, id: 'anna', name: 'Anna' };
	return applyCommand(doc, parsed.command as CommandEnvelope, { actor, settings: { dotsPerParticipant: 3, maxDotsPerTopic: 2 }, now: NOW }, origin);
}

describe('the migrations list', () => {
	it('runs forward one version at a time, from the first version to this one', () => {
		expect(MIGRATIONS.map((m) => m.from)).toEqual(MIGRATIONS.map((_, i) => FIRST_SCHEMA_VERSION + i));
		expect(BOARD_SCHEMA_VERSION).toBe(FIRST_SCHEMA_VERSION + MIGRATIONS.length);
		expect(new Set(MIGRATIONS.map((m) => m.name)).size).toBe(MIGRATIONS.length);
	});
});

describe('a stored version-1 board', () => {
	it('is version 1, and is brought to this version in one update under the migration origin, its content kept', () => {
		const doc = storedV1();
		expect(getStoredSchemaVersion(board(doc))).toBeNull();
		expect(schemaVersionOf(doc)).toBe(1);
		const before = content(doc);
		const updates = recordUpdates(doc);
		const report = migrateBoard(doc, { now: NOW });
		expect(report).toEqual({ from: 1, to: BOARD_SCHEMA_VERSION, ran: MIGRATIONS.map((m) => m.name) });
		expect(updates).toEqual([{ origin: { kind: ORIGIN_KIND.migration } }]);
		expect(getStoredSchemaVersion(board(doc))).toBe(BOARD_SCHEMA_VERSION);
		expect(content(doc)).toEqual(before);
	});

	it('is migrated once: running the migrations again changes nothing', () => {
		const doc = storedV1();
		migrateBoard(doc, { now: NOW });
		const state = Y.encodeStateAsUpdate(doc);
		const updates = recordUpdates(doc);
		expect(migrateBoard(doc, { now: NOW + 1 })).toEqual({ from: BOARD_SCHEMA_VERSION, to: BOARD_SCHEMA_VERSION, ran: [] });
		expect(updates).toEqual([]);
		expect(Y.encodeStateAsUpdate(doc)).toEqual(state);
	});

	it('merges with a copy another node migrated at the same time', () => {
		const [a, b] = [storedV1(), storedV1()];
		migrateBoard(a, { now: NOW });
		migrateBoard(b, { now: NOW + 5 });
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(a.toJSON()).toEqual(b.toJSON());
		expect(getStoredSchemaVersion(board(a))).toBe(BOARD_SCHEMA_VERSION);
	});
});

describe('record-earlier-erasures (1 → 2)', () => {
	const migration = MIGRATIONS.find((m) => m.name === 'record-earlier-erasures')!;

	it('records an erasure on a board whose names were emptied before erasures were recorded, once', () => {
		const doc = storedV1();
		const b = board(doc);
		doc.transact(() => {
			b.erasures.delete(0, b.erasures.length);
			scrubNames(b, (id) => id === 'anna');
		});
		expect(erasureCount(b)).toBe(0);
		doc.transact(() => migration.run(b, { now: NOW }));
		expect(b.erasures.toArray()).toEqual([NOW]);
		doc.transact(() => migration.run(b, { now: NOW + 1 }));
		expect(b.erasures.toArray()).toEqual([NOW]);
	});

	it('records nothing on a board where nobody was erased', () => {
		const doc = storedV1();
		const b = board(doc);
		doc.transact(() => b.erasures.delete(0, b.erasures.length));
		doc.transact(() => migration.run(b, { now: NOW }));
		expect(erasureCount(b)).toBe(0);
	});
});

describe('forward only', () => {
	it('refuses a board written by newer code and leaves it untouched', () => {
		const doc = storedV1();
		setSchemaVersion(board(doc), BOARD_SCHEMA_VERSION + 1);
		const updates = recordUpdates(doc);
		expect(() => migrateBoard(doc, { now: NOW })).toThrow(NewerBoardError);
		expect(updates).toEqual([]);
	});
});

describe('a new board', () => {
	it('is not written on load', () => {
		const doc = new Y.Doc();
		const updates = recordUpdates(doc);
		expect(migrateBoard(doc, { now: NOW })).toEqual({ from: null, to: null, ran: [] });
		expect(updates).toEqual([]);
		expect(schemaVersionOf(doc)).toBeNull();
	});

	it('gets this version in the same update as its first change, and never needs a migration', () => {
		const doc = new Y.Doc();
		versionOnFirstWrite(doc);
		const updates = recordUpdates(doc);
		// Changes from another node or a load are not this server's writes.
		doc.transact(() => doc.getMap('topics'), { kind: ORIGIN_KIND.remoteNode });
		// Nor is the empty update a facilitator's screen answers a sync with.
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(new Y.Doc()), { kind: ORIGIN_KIND.facilitatorEdit, actor: { kind: 'facilitator', id: 'host' }, connectionId: 'c1' });
		expect(updates).toEqual([]);
		expect(schemaVersionOf(doc)).toBeNull();
		expect(addTopic(doc, { kind: ORIGIN_KIND.command })).toMatchObject({ ok: true });
		expect(updates).toHaveLength(1);
		expect(getStoredSchemaVersion(board(doc))).toBe(BOARD_SCHEMA_VERSION);
		expect(migrateBoard(doc, { now: NOW }).ran).toEqual([]);
	});

	it('takes the version from another node when that node wrote first', () => {
		const here = new Y.Doc();
		const stop = versionOnFirstWrite(here);
		const there = new Y.Doc();
		versionOnFirstWrite(there);
		addTopic(there, { kind: ORIGIN_KIND.command });
		Y.applyUpdate(here, Y.encodeStateAsUpdate(there), { kind: ORIGIN_KIND.remoteNode });
		const metaChanges: string[] = [];
		board(here).meta.observe((event) => metaChanges.push(...event.keysChanged));
		addTopic(here, { kind: ORIGIN_KIND.command });
		// The version came with the other node's change; this node's write did not set it again.
		expect(metaChanges).toEqual([]);
		expect(getStoredSchemaVersion(board(here))).toBe(BOARD_SCHEMA_VERSION);
		stop();
	});
});
