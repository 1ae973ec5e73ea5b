/**
 * The board reader: exports and reports see the same board whether this node has it loaded
 * or not, and reading never loads a live room. Storage suite: runs on PGlite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { makeGathering, makeUser } from '../helpers/fixtures';
import { UpdateWriter } from '../../src/lib/server/board/writer';
import { RoomRegistry } from '../../src/lib/server/realtime/registry';
import { CommandService } from '../../src/lib/server/commands/execute';
import { createBoardReader } from '../../src/lib/server/realtime/board-reader';
import { boardSnapshot } from '../../src/lib/server/board/snapshot';
import { addParticipant } from '../../src/lib/server/gatherings/participants';
import type { Actor } from '../../src/lib/board/types';

const UNLOAD_MS = 20;

let database: TestDatabase;
beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database?.dispose());

describe('board reader', () => {
	it('reads a loaded board from its room and an unloaded one from the log, alike', async () => {
		const db = database.db;
		const user = await makeUser(db);
		const gathering = await makeGathering(db, user.id);
		const registry = new RoomRegistry(db, new UpdateWriter(db), { unloadDelayMs: UNLOAD_MS });
		const commands = new CommandService(db, registry);
		const joined = await addParticipant(db, gathering.id, 'Anna');
		if (!joined.ok) throw new Error(joined.error);
		const anna: Actor = { kind: 'participant', id: joined.participant.id, name: 'Anna' };
		const added = await commands.execute(gathering.id, anna, { id: crypto.randomUUID(), type: 'addTopic', args: { title: 'Bankjes in het park' } });
		const topicId = (added.body as { topicId: string }).topicId;
		await commands.execute(gathering.id, anna, { id: crypto.randomUUID(), type: 'placeDot', args: { topicId } });
		const boards = createBoardReader({ db, registry, closeOpenPresence: true });

		const room = await registry.acquire(gathering.id);
		const fromRoom = await boardSnapshot(boards, gathering.id);
		registry.release(room);
		await new Promise((resolve) => setTimeout(resolve, UNLOAD_MS * 5));
		expect(registry.has(gathering.id)).toBe(false);

		const fromLog = await boardSnapshot(boards, gathering.id);
		expect(registry.size).toBe(0);
		expect(fromLog.topics.map((t) => t.title)).toEqual(['Bankjes in het park']);
		expect(fromLog.dots).toEqual([{ topicId, participantId: anna.id, count: 1 }]);
		expect(fromLog).toEqual(fromRoom);
		await registry.close();
	});
});
