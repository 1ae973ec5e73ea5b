import { clearDocument } from 'y-indexeddb';
import { cacheName } from './board.svelte';
import { openOutboxStore } from './outbox-store';

/**
 * Forgets what this device kept of a gathering: its copy of the board, its unsent commands
 * and the participant pages the service worker kept for offline use. For a participant who
 * leaves (and asks for their data to be erased).
 */
export async function forgetGathering(gatheringId: string): Promise<void> {
	if (typeof caches !== 'undefined') {
		for (const name of await caches.keys()) {
			if (!name.startsWith('opentafel-pages-')) continue;
			const cache = await caches.open(name);
			for (const request of await cache.keys()) if (new URL(request.url).pathname.startsWith('/j/')) await cache.delete(request);
		}
	}
	if (typeof indexedDB === 'undefined') return;
	const store = await openOutboxStore();
	for (const entry of await store.list(gatheringId)) await store.delete(entry.id);
	// Deleting waits until this page's own connection to the cache is closed (when it unloads).
	void clearDocument(cacheName(gatheringId));
}

/**
 * Asks the service worker to keep this participant page as it is now, for a reload without
 * network. Called once the phone shows the board: the page may have changed (joining)
 * without a navigation the worker saw.
 */
export function keepPageForOffline(path: string): void {
	if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
	void navigator.serviceWorker.ready.then((registration) => registration.active?.postMessage({ type: 'keep-page', path }));
}
