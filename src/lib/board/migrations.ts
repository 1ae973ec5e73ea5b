/**
 * The shape of a board's doc has a version, stored in the doc (`meta.schemaVersion`), and
 * named, forward-only migrations that bring an older doc up to date. The server runs them
 * when it loads a board, under the `migration` origin, so the change is persisted and sent
 * to every screen like any other; a doc is never taken back to an older shape.
 *
 * Which version a doc is at:
 * - the stored version, when there is one;
 * - 1 for a doc with content and no stored version: boards written before the version was
 *   stored;
 * - none yet for an empty doc: a new board. It is written in the same transaction as the
 *   board's first write (`versionOnFirstWrite`), so a board never holds content written by
 *   this code without the version of this code — otherwise a later load would take it for
 *   version 1 and run migrations over a shape they were not written for. It is not written
 *   on load: loading a board must not by itself add an update to its log.
 *
 * Rules for a migration: it only moves forward (`from` to `from + 1`); it changes the doc
 * only through the board's own helpers; and it leaves a doc it already ran on as it is.
 * Several nodes may load the same old board at once and each migrates its copy; the copies
 * then merge, so a migration sets values rather than adding to them wherever it can.
 */
import type * as Y from 'yjs';
import { board, erasureCount, recordErasure, type Board } from './doc';
import { getStoredSchemaVersion, setSchemaVersion } from './meta';
import { ORIGIN_KIND, isOrigin } from './origins';

export type Migration = {
	/** What the migration does, for logs and tests. */
	name: string;
	/** The version it starts from; it leaves the doc at `from + 1`. */
	from: number;
	run(b: Board, options: { now: number }): void;
};

/** Boards written before the version was stored. */
export const FIRST_SCHEMA_VERSION = 1;

export const MIGRATIONS: readonly Migration[] = [
	{
		// Erasures were recorded on the board only from version 2 on. A board that shows an
		// erasure (a topic whose author's or co-author's name was emptied: names are never
		// empty otherwise) but records none gets one entry, so devices whose stored copy
		// predates the erasure rebuild it without the names.
		name: 'record-earlier-erasures',
		from: 1,
		run(b, { now }) {
			if (erasureCount(b) > 0) return;
			const erased = [...b.topics.values()].some((t) => t.authorName === '' || t.coAuthors.some((a) => a.name === ''));
			if (erased) recordErasure(b, now);
		}
	}
];

/** The version this code writes and reads. */
export const BOARD_SCHEMA_VERSION = FIRST_SCHEMA_VERSION + MIGRATIONS.length;

/** The doc is at a version this code does not know: newer code wrote it. */
export class NewerBoardError extends Error {
	constructor(readonly version: number) {
		super(`board schema version ${version} is newer than ${BOARD_SCHEMA_VERSION}`);
	}
}

/** Whether anything was ever written into the doc. */
function isEmpty(doc: Y.Doc): boolean {
	for (const type of doc.share.values()) if (type._start !== null || type._map.size > 0) return false;
	return true;
}

/** The doc's version (see the header), or null for a new, empty board. */
export function schemaVersionOf(doc: Y.Doc): number | null {
	const stored = getStoredSchemaVersion(board(doc));
	if (stored !== null) return stored;
	return isEmpty(doc) ? null : FIRST_SCHEMA_VERSION;
}

export type MigrationReport = { from: number | null; to: number | null; ran: string[] };

/**
 * Runs every migration the doc has not had, in order, in one transaction under the
 * `migration` origin. A doc already at this version, and a new empty board, are left
 * untouched (no transaction, no update). Throws `NewerBoardError` for a doc newer than this
 * code: it must not be written with shapes it does not expect.
 */
export function migrateBoard(doc: Y.Doc, options: { now: number }): MigrationReport {
	const from = schemaVersionOf(doc);
	if (from === null || from === BOARD_SCHEMA_VERSION) return { from, to: from, ran: [] };
	if (from > BOARD_SCHEMA_VERSION) throw new NewerBoardError(from);
	const pending = MIGRATIONS.filter((m) => m.from >= from);
	doc.transact(() => {
		const b = board(doc);
		for (const migration of pending) {
			migration.run(b, options);
			setSchemaVersion(b, migration.from + 1);
		}
	}, { kind: ORIGIN_KIND.migration });
	return { from, to: BOARD_SCHEMA_VERSION, ran: pending.map((m) => m.name) };
}

/**
 * Origins of the server's own writes (see `versionOnFirstWrite`). Not a facilitator's edit:
 * their screen answers every sync with an update that usually changes nothing, and what they
 * edit (notes on a topic) exists only after a command wrote the topic.
 */
const WRITING_ORIGINS: ReadonlySet<string> = new Set([ORIGIN_KIND.command, ORIGIN_KIND.server]);

/**
 * For a new, empty board (`migrateBoard` reported `from: null`): writes this code's version
 * inside the first transaction on this server with a writing origin (a command, or the
 * server's own change), so it is persisted with that change. Whether the
 * transaction will change anything else is not known when it opens: one that changes nothing
 * (a refused command) then carries the version alone, once per board. Changes from other
 * nodes and loads are left alone; once the doc holds a version, from anywhere, the watch
 * ends. Returns a function that ends it early.
 */
export function versionOnFirstWrite(doc: Y.Doc): () => void {
	const b = board(doc);
	const stop = () => doc.off('beforeTransaction', onTransaction);
	const onTransaction = (transaction: Y.Transaction) => {
		if (getStoredSchemaVersion(b) !== null) return stop();
		const origin = transaction.origin;
		if (!isOrigin(origin) || !WRITING_ORIGINS.has(origin.kind)) return;
		stop();
		// The transaction is open: this write joins it and goes into its update.
		setSchemaVersion(b, BOARD_SCHEMA_VERSION);
	};
	doc.on('beforeTransaction', onTransaction);
	return stop;
}
