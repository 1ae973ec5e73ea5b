/**
 * A board stored by code from before the doc carried a schema version is migrated when a
 * room loads it: the migration is written to the log like any change, once, and a board
 * written by newer code is not loaded at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { board } from '../../src/lib/board/doc';
import { getStoredSchemaVersion, setSchemaVersion } from '../../src/lib/board/meta';
import { BOARD_SCHEMA_VERSION, NewerBoardError } from '../../src/lib/board/migrations';
import { BOARD_V1_BASE64 } from '../../src/lib/board/fixtures/board-v1';
import { loadBoardLog, writeSnapshot } from '../../src/lib/server/board/store';
import { UpdateWriter } from '../../src/lib/server/board/writer';
import { RoomRegistry } from '../../src/lib/server/realtime/registry';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { makeGathering, makeUser } from '../helpers/fixtures';

let database: TestDatabase;
beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.dispose());

const UNLOAD_MS = 20;
const until = async (check: () => boolean, ms = 2000) => {
	const start = Date.now();
	while (!check()) {
		if (Date.now() - start > ms) throw new Error('timed out');
		await new Promise((r) => setTimeout(r, 5));
	}
};

async function storedBoard(state: Uint8Array) {
	const db = database.db;
	const gathering = await makeGathering(db, (await makeUser(db)).id);
	await writeSnapshot(db, gathering.id, state, 0);
	const writer = new UpdateWriter(db);
	return { db, gathering, writer, registry: new RoomRegistry(db, writer, { unloadDelayMs: UNLOAD_MS }) };
}

describe('loading a stored board', () => {
	it('migrates a version-1 board once, durably, keeping its content', async () => {
		const v1 = Buffer.from(BOARD_V1_BASE64, 'base64');
		const { db, gathering, writer, registry } = await storedBoard(v1);
		const room = await registry.acquire(gathering.id);
		const topics = board(room.doc).topics.toJSON();
		expect(Object.keys(topics)).toHaveLength(3);
		expect(getStoredSchemaVersion(board(room.doc))).toBe(BOARD_SCHEMA_VERSION);
		registry.release(room);
		await until(() => registry.size === 0);
		// The migration (and the closing of presence the stored board left open) are in the log.
		const logged = (await loadBoardLog(db, gathering.id)).updates.length;
		expect(logged).toBeGreaterThan(0);

		// Loaded again, from the database: at this version already, and nothing more is written.
		const again = await registry.acquire(gathering.id);
		expect(getStoredSchemaVersion(board(again.doc))).toBe(BOARD_SCHEMA_VERSION);
		expect(board(again.doc).topics.toJSON()).toEqual(topics);
		registry.release(again);
		await until(() => registry.size === 0);
		expect((await loadBoardLog(db, gathering.id)).updates).toHaveLength(logged);
		await writer.close();
	});

	it('refuses a board written by a newer version, and keeps no room for it', async () => {
		const newer = new Y.Doc();
		Y.applyUpdate(newer, Buffer.from(BOARD_V1_BASE64, 'base64'));
		setSchemaVersion(board(newer), BOARD_SCHEMA_VERSION + 1);
		const { db, gathering, writer, registry } = await storedBoard(Y.encodeStateAsUpdate(newer));
		await expect(registry.acquire(gathering.id)).rejects.toBeInstanceOf(NewerBoardError);
		expect(registry.size).toBe(0);
		expect((await loadBoardLog(db, gathering.id)).updates).toHaveLength(0);
		await writer.close();
	});
});
