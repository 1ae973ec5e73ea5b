/**
 * A small promise wrapper over IndexedDB: just enough for the outbox. Every helper runs one
 * request in its own transaction, so a caller never holds a transaction across an `await`
 * (IndexedDB commits a transaction as soon as it has no pending requests, which an `await`
 * on anything else would let happen).
 */

export function isAvailable(): boolean {
	return typeof indexedDB !== 'undefined';
}

/** Opens (and creates or upgrades) a database. `upgrade` runs inside the version-change transaction. */
export function openDatabase(name: string, version: number, upgrade: (db: IDBDatabase, oldVersion: number) => void): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const request = indexedDB.open(name, version);
		request.onupgradeneeded = (event) => upgrade(request.result, event.oldVersion);
		request.onsuccess = () => {
			const db = request.result;
			// Another tab wants a newer version: let it, this one reopens on its next use.
			db.onversionchange = () => db.close();
			resolve(db);
		};
		request.onerror = () => reject(request.error);
		request.onblocked = () => reject(new Error(`IndexedDB "${name}" is blocked by another tab`));
	});
}

/** Runs `run` on one object store in one transaction and resolves once the transaction committed. */
export function withStore<T>(
	db: IDBDatabase,
	storeName: string,
	mode: IDBTransactionMode,
	run: (store: IDBObjectStore) => IDBRequest<T>
): Promise<T> {
	return new Promise((resolve, reject) => {
		const tx = db.transaction(storeName, mode);
		const request = run(tx.objectStore(storeName));
		tx.oncomplete = () => resolve(request.result);
		tx.onerror = () => reject(tx.error ?? request.error);
		tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
	});
}
