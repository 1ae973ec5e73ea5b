/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Lets a phone reload its gathering page without a network: the app's files are kept per
 * version, and the participant's page (/j/CODE and its data) is kept as last loaded. The
 * page then shows the board from its IndexedDB copy and the commands waiting in the outbox,
 * and says it is offline.
 *
 * Deliberately narrow: only GET requests for the app's own files and for /j/ pages pass
 * through here. Pages are network-first, so a phone with a network always gets the live
 * page; commands, the realtime socket, forms and the facilitator's pages never touch a cache.
 */
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;

const ASSETS_CACHE = `opentafel-assets-${version}`;
/** Pages refer to the hashed files of their version, so they are cached per version too. */
const PAGES_CACHE = `opentafel-pages-${version}`;
const ASSETS = new Set([...build, ...files]);
const PARTICIPANT_PAGE = /^\/j\/[^/]+\/?(__data\.json)?$/;

sw.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(ASSETS_CACHE)
			.then((cache) => cache.addAll([...ASSETS]))
			.then(() => sw.skipWaiting())
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((keys) => Promise.all(keys.filter((k) => k !== ASSETS_CACHE && k !== PAGES_CACHE).map((k) => caches.delete(k))))
			.then(() => sw.clients.claim())
			// Participant pages that were loaded before this worker ran are kept now.
			.then(() => sw.clients.matchAll({ type: 'window' }))
			.then((windows) => Promise.all(windows.map((w) => keepPage(new URL(w.url).pathname))))
	);
});

/**
 * A page asks to be kept (again) after it changed without a navigation, e.g. after joining:
 * otherwise an offline reload would bring back the page as it was before.
 */
sw.addEventListener('message', (event) => {
	const data = event.data as { type?: unknown; path?: unknown } | null;
	if (data?.type === 'keep-page' && typeof data.path === 'string') event.waitUntil(keepPage(data.path));
});

async function keepPage(path: string): Promise<void> {
	if (!PARTICIPANT_PAGE.test(path)) return;
	try {
		await networkFirst(new Request(path, { credentials: 'same-origin' }), new URL(path, sw.location.origin));
	} catch {
		// Offline now: the copy from before stays.
	}
}

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	if (ASSETS.has(url.pathname)) {
		event.respondWith(caches.match(url.pathname, { cacheName: ASSETS_CACHE }).then((hit) => hit ?? fetch(request)));
	} else if (PARTICIPANT_PAGE.test(url.pathname)) {
		event.respondWith(networkFirst(request, url));
	}
});

async function networkFirst(request: Request, url: URL): Promise<Response> {
	// The query (SvelteKit's invalidation flags) does not change what is worth showing offline.
	const key = url.pathname;
	try {
		const response = await fetch(request);
		if (response.status === 200 && response.type === 'basic') {
			const copy = response.clone();
			await caches.open(PAGES_CACHE).then((cache) => cache.put(key, copy));
		}
		return response;
	} catch (error) {
		const cached = await caches.match(key, { cacheName: PAGES_CACHE });
		if (cached) return cached;
		throw error;
	}
}
