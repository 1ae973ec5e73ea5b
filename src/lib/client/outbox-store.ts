/**
 * Where the outbox keeps commands until the server has answered them: IndexedDB, so a
 * command typed on a train survives closing the tab and reloading the page. When IndexedDB
 * cannot be opened (some private modes) the outbox still works, in memory, for this page.
 */
import type { CommandRequest } from '$lib/protocol/commands';
import { isAvailable, openDatabase, withStore } from './idb';

/**
 * A command as it is sent (`id`: a UUID the server applies once, however often it is sent),
 * and where and when it was made.
 */
export type OutboxEntry = CommandRequest & {
	gatheringId: string;
	/** Milliseconds, fractional: orders commands of one page even within one millisecond. */
	queuedAt: number;
};

export interface OutboxStore {
	put(entry: OutboxEntry): Promise<void>;
	delete(id: string): Promise<void>;
	/** This gathering's waiting commands, oldest first. */
	list(gatheringId: string): Promise<OutboxEntry[]>;
}

const DB_NAME = 'opentafel-outbox';
const DB_VERSION = 1;
const STORE = 'commands';
const BY_GATHERING = 'gatheringId';

const oldestFirst = (a: OutboxEntry, b: OutboxEntry) => a.queuedAt - b.queuedAt;

export function memoryOutboxStore(): OutboxStore {
	const entries = new Map<string, OutboxEntry>();
	return {
		put: async (entry) => void entries.set(entry.id, entry),
		delete: async (id) => void entries.delete(id),
		list: async (gatheringId) => [...entries.values()].filter((e) => e.gatheringId === gatheringId).sort(oldestFirst)
	};
}

function indexedDbOutboxStore(db: IDBDatabase): OutboxStore {
	return {
		put: async (entry) => {
			await withStore(db, STORE, 'readwrite', (store) => store.put(entry));
		},
		delete: async (id) => {
			await withStore(db, STORE, 'readwrite', (store) => store.delete(id));
		},
		list: async (gatheringId) => {
			const rows = await withStore(db, STORE, 'readonly', (store) =>
				store.index(BY_GATHERING).getAll(IDBKeyRange.only(gatheringId))
			);
			return (rows as OutboxEntry[]).sort(oldestFirst);
		}
	};
}

/**
 * IndexedDB first; a command it refuses to store (quota, a browser's private mode) is kept in
 * memory instead, so it is still sent from this page rather than lost.
 */
function withMemoryFallback(primary: OutboxStore): OutboxStore {
	const fallback = memoryOutboxStore();
	return {
		put: (entry) => primary.put(entry).catch(() => fallback.put(entry)),
		delete: async (id) => {
			await fallback.delete(id);
			await primary.delete(id).catch(() => {});
		},
		list: async (gatheringId) => {
			const stored = await primary.list(gatheringId).catch(() => []);
			const ids = new Set(stored.map((e) => e.id));
			const kept = (await fallback.list(gatheringId)).filter((e) => !ids.has(e.id));
			return [...stored, ...kept].sort(oldestFirst);
		}
	};
}

export async function openOutboxStore(): Promise<OutboxStore> {
	if (!isAvailable()) return memoryOutboxStore();
	try {
		const db = await openDatabase(DB_NAME, DB_VERSION, (upgrading) => {
			if (!upgrading.objectStoreNames.contains(STORE)) {
				const store = upgrading.createObjectStore(STORE, { keyPath: 'id' });
				store.createIndex(BY_GATHERING, 'gatheringId');
			}
		});
		return withMemoryFallback(indexedDbOutboxStore(db));
	} catch {
		return memoryOutboxStore();
	}
}
