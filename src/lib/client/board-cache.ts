/**
 * This browser's stored copy of a board (y-indexeddb, one database per gathering), and why it
 * is thrown away and written again after an erasure.
 *
 * y-indexeddb keeps every update the doc received, as received, and merges them only now and
 * then. When someone is erased, the server empties their name on the board and folds its own
 * history; the in-memory doc of every screen drops the overwritten name too (garbage
 * collection), but the raw updates in the stored copy still carry it. So the copy records
 * which erasures it was built after (the length of the board's `erasures` list, stored in
 * y-indexeddb's `custom` store), and is rebuilt whenever the doc has seen more:
 *
 *  1. the old persistence stops listening and closes its connection, then the database is
 *     deleted (deletion waits for connections to close, so nothing the old copy still had
 *     queued can land in the new one);
 *  2. a new persistence is opened on the same doc: y-indexeddb starts a new database with one
 *     update, the doc's whole current state, in which the erased names are already gone;
 *  3. the number of erasures read *before* step 2 is stored with it. It can only be lower than
 *     what the new copy holds (an erasure arriving meanwhile), never higher, so a copy never
 *     claims an erasure it predates; a lower number only costs one more rebuild.
 *
 * Nothing goes back over the socket: the doc is the same and already in step with the
 * server, and the new database loads nothing into it. That keeps read-only phones clear of
 * the server's 4409 (see board.svelte.ts), and a hall of phones rebuilding at once costs the
 * server nothing. The invariant it all rests on is the server's: an entry in `erasures` is
 * written in the transaction that erases (src/lib/server/realtime/room.ts), so a doc that
 * holds the entry holds the erasure.
 *
 * On opening, the check runs before the socket opens, so a device that was closed or offline
 * when the erasure happened cleans its copy as soon as it has learnt of it (in its copy, or
 * from the server once it syncs).
 */
import type * as Y from 'yjs';
import { IndexeddbPersistence, clearDocument } from 'y-indexeddb';
import { board, erasureCount } from '$lib/board/doc';

/** Key in y-indexeddb's `custom` store: how many erasures the stored copy was built after. */
export const BUILT_AFTER_KEY = 'builtAfterErasures';

export type CacheVerdict = 'keep' | 'rebuild' | 'mark';

/**
 * What to do with a stored copy. `builtAfter`: the number stored with it (null when there is
 * none: a copy from before this rule, one whose rebuild was cut short, or a new database).
 * `erasures`: how many the doc has seen now. `loaded`: the copy put anything into the doc.
 */
export function cacheVerdict(o: { builtAfter: number | null; erasures: number; loaded: boolean }): CacheVerdict {
	// An empty database holds no name: it only needs its number.
	if (o.builtAfter === null) return o.loaded ? 'rebuild' : 'mark';
	return o.erasures > o.builtAfter ? 'rebuild' : 'keep';
}

/** Resolves with `fallback` when `promise` takes longer than `ms` (an IndexedDB that never answers). */
function within<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
	return Promise.race([promise.catch(() => fallback), new Promise<F>((resolve) => setTimeout(() => resolve(fallback), ms))]);
}

const TIMED_OUT = Symbol('timed out');

export class BoardCache {
	private persistence: IndexeddbPersistence | null = null;
	/** Erasures the stored copy was built after; null while unknown (then the next check rebuilds). */
	private builtAfter: number | null = null;
	private opened = false;
	private rebuilding = false;
	/** A rebuild could not finish (IndexedDB stuck): this page keeps no copy and stops trying. */
	private givenUp = false;
	private closed = false;

	constructor(
		private readonly name: string,
		private readonly doc: Y.Doc,
		private readonly waitMs: number
	) {}

	/**
	 * Loads the stored copy into the doc, which must be new and not yet connected, and rebuilds
	 * the copy first when it predates an erasure. Never throws: a browser without a working
	 * IndexedDB gets a board without a copy.
	 */
	async open(): Promise<void> {
		const doc = this.doc;
		try {
			this.persistence = new IndexeddbPersistence(this.name, doc);
		} catch {
			return;
		}
		const persistence = this.persistence;
		// A copy that never answers (a browser's private mode) must not keep the board away.
		if ((await within(persistence.whenSynced, this.waitMs, TIMED_OUT)) === TIMED_OUT || this.closed) {
			this.opened = true;
			return;
		}
		const stored = await within(persistence.get(BUILT_AFTER_KEY) as Promise<unknown>, this.waitMs, undefined);
		if (this.closed) return;
		const loaded = doc.store.clients.size > 0 || doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
		const erasures = erasureCount(board(doc));
		const builtAfter = typeof stored === 'number' ? stored : null;
		const verdict = cacheVerdict({ builtAfter, erasures, loaded });
		if (verdict === 'rebuild') await this.rebuild();
		else if (verdict === 'mark') {
			await within(persistence.set(BUILT_AFTER_KEY, erasures), this.waitMs, undefined);
			this.builtAfter = erasures;
		} else this.builtAfter = builtAfter;
		this.opened = true;
	}

	/** Call after the doc changed: rebuilds the copy once the doc has seen an erasure the copy predates. */
	check(): void {
		if (!this.opened || this.rebuilding || this.givenUp || this.closed) return;
		if (this.builtAfter !== null && erasureCount(board(this.doc)) <= this.builtAfter) return;
		void this.rebuild().then(() => this.check());
	}

	private async rebuild(): Promise<void> {
		this.rebuilding = true;
		try {
			// Read before the new copy encodes the doc: never more than it will hold.
			const erasures = erasureCount(board(this.doc));
			const old = this.persistence;
			this.persistence = null;
			this.builtAfter = null;
			if (old) await within(old.destroy(), this.waitMs, undefined);
			// The old database must be gone before the new one opens; if deleting never finishes
			// (blocked), this page keeps no copy rather than a stale one.
			if ((await within(clearDocument(this.name), this.waitMs, TIMED_OUT)) === TIMED_OUT) {
				this.givenUp = true;
				return;
			}
			if (this.closed) return;
			// From here on `close` destroys this one.
			const fresh = new IndexeddbPersistence(this.name, this.doc);
			this.persistence = fresh;
			if ((await within(fresh.whenSynced, this.waitMs, TIMED_OUT)) === TIMED_OUT) {
				this.givenUp = true;
				return;
			}
			if (this.closed) return;
			await within(fresh.set(BUILT_AFTER_KEY, erasures), this.waitMs, undefined);
			this.builtAfter = erasures;
		} catch {
			this.givenUp = true;
		} finally {
			this.rebuilding = false;
		}
	}

	/** Stops storing; the copy stays for the next visit. */
	async close(): Promise<void> {
		this.closed = true;
		const persistence = this.persistence;
		this.persistence = null;
		if (persistence) await within(persistence.destroy(), this.waitMs, undefined);
	}

	/** Stops storing and deletes the copy. */
	async clear(): Promise<void> {
		await this.close();
		await within(clearDocument(this.name), this.waitMs, undefined);
	}
}
