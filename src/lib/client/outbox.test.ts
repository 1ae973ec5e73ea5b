/**
 * The outbox against a fake server (a scripted `fetch`) and fake timers: what it resends,
 * when, what it gives up on, and that a command outlives the page that made it.
 *
 * Only setTimeout is faked. IndexedDB (fake-indexeddb) and the outbox's own chain of promises
 * run on setImmediate and microtasks, which `settle()` lets run to the end without moving
 * the clock, so a retry can only ever happen when a test advances time.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { m } from '$lib/paraglide/messages';
import { Outbox, RETRY_MIN_MS, RETRY_MAX_MS, SEND_TIMEOUT_MS } from './outbox.svelte';
import { memoryOutboxStore, openOutboxStore, type OutboxStore } from './outbox-store';

const GATHERING = 'g1';
const DOT = { type: 'placeDot', args: { topicId: 't1' } } as const;
const OTHER_DOT = { type: 'placeDot', args: { topicId: 't2' } } as const;

type Answer = Response | Error | 'hang';
type Sent = { url: string; id: string; type: string; args: unknown };

/** A server that answers each request with the next scripted answer, and 200 once the script is used up. */
function fakeServer(...script: Answer[]) {
	const sent: Sent[] = [];
	const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
		sent.push({ url: String(url), ...JSON.parse(String(init?.body)) });
		const answer = script.shift() ?? ok();
		if (answer === 'hang') {
			return new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
		}
		if (answer instanceof Error) throw answer;
		return answer;
	});
	return { fetch: fetch as unknown as typeof globalThis.fetch, sent };
}

const ok = () => Response.json({ ok: true });
const refused = (status: number, message: string) => Response.json({ ok: false, error: 'budget_spent', message }, { status });
const networkError = () => new TypeError('Failed to fetch');

/** Lets every pending promise, IndexedDB request and I/O callback run, without moving the fake clock. */
async function settle() {
	for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Moves the fake clock by `ms`, then lets what that started finish. */
async function wait(ms: number) {
	vi.advanceTimersByTime(ms);
	await settle();
}

let outboxes: Outbox[] = [];
function outbox(server: ReturnType<typeof fakeServer>, openStore: () => Promise<OutboxStore> = async () => memory) {
	const made = new Outbox(GATHERING, { fetch: server.fetch, openStore });
	outboxes.push(made);
	return made;
}
let memory: OutboxStore;

beforeEach(() => {
	vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
	// Jitter off: every retry waits exactly its base delay.
	vi.spyOn(Math, 'random').mockReturnValue(0.5);
	vi.stubGlobal('window', new EventTarget());
	// Messages read the language from the cookie; none set means the default language.
	vi.stubGlobal('document', Object.assign(new EventTarget(), { visibilityState: 'visible', cookie: '' }));
	// A browser profile of its own per test.
	vi.stubGlobal('indexedDB', new IDBFactory());
	memory = memoryOutboxStore();
});

afterEach(() => {
	for (const o of outboxes) o.destroy();
	outboxes = [];
	vi.useRealTimers();
	vi.restoreAllMocks();
	vi.unstubAllGlobals();
});

describe('outbox', () => {
	it('sends a command once and forgets it when the server acknowledges it', async () => {
		const server = fakeServer(ok());
		const box = outbox(server);
		box.start();
		const id = await box.send(DOT);
		await settle();
		expect(server.sent).toEqual([{ url: `/api/gatherings/${GATHERING}/commands`, id, ...DOT }]);
		expect(box.entries).toEqual([]);
		expect(await memory.list(GATHERING)).toEqual([]);
		await wait(RETRY_MAX_MS * 4);
		expect(server.sent).toHaveLength(1);
	});

	it('resends with the same id until acknowledged, doubling the wait after each failure', async () => {
		const server = fakeServer(networkError(), new Response('busy', { status: 503 }), refused(429, 'slow down'), new Response(null, { status: 408 }));
		const box = outbox(server);
		box.start();
		const id = await box.send(DOT);
		await settle();
		expect(server.sent).toHaveLength(1);
		expect(box.entries.map((e) => e.id)).toEqual([id]);

		for (const [attempts, delay] of [
			[2, RETRY_MIN_MS],
			[3, RETRY_MIN_MS * 2],
			[4, RETRY_MIN_MS * 4],
			[5, RETRY_MIN_MS * 8]
		]) {
			await wait(delay - 1);
			expect(server.sent).toHaveLength(attempts - 1);
			await wait(1);
			expect(server.sent).toHaveLength(attempts);
		}
		expect(new Set(server.sent.map((s) => s.id))).toEqual(new Set([id]));
		expect(box.entries).toEqual([]);
		expect(box.notices).toEqual([]);
		expect(await memory.list(GATHERING)).toEqual([]);
	});

	it('never waits longer than the maximum between attempts', async () => {
		const failures = Array.from({ length: 8 }, networkError);
		const server = fakeServer(...failures);
		const box = outbox(server);
		box.start();
		await box.send(DOT);
		await settle();
		// 1, 2, 4, 8, 16 s, then the maximum.
		for (const factor of [1, 2, 4, 8, 16]) await wait(RETRY_MIN_MS * factor);
		expect(server.sent).toHaveLength(6);
		await wait(RETRY_MAX_MS - 1);
		expect(server.sent).toHaveLength(6);
		await wait(1);
		expect(server.sent).toHaveLength(7);
	});

	it('resends a request that does not answer in time', async () => {
		const server = fakeServer('hang');
		const box = outbox(server);
		box.start();
		const id = await box.send(DOT);
		await settle();
		await wait(SEND_TIMEOUT_MS - 1);
		expect(box.entries.map((e) => e.id)).toEqual([id]);
		await wait(1);
		expect(server.sent.map((s) => s.id)).toEqual([id]);
		await wait(RETRY_MIN_MS);
		expect(server.sent.map((s) => s.id)).toEqual([id, id]);
		expect(box.entries).toEqual([]);
	});

	it('drops a refused command, shows the server’s message once, and does not send it again', async () => {
		const server = fakeServer(refused(409, 'Je stippen zijn op.'), ok());
		const box = outbox(server);
		box.start();
		const first = await box.send(DOT);
		const second = await box.send(OTHER_DOT);
		await settle();
		expect(box.notices).toEqual([{ id: first, message: 'Je stippen zijn op.' }]);
		// The refusal does not hold back the command behind it.
		expect(server.sent.map((s) => s.id)).toEqual([first, second]);
		expect(box.entries).toEqual([]);
		expect(await memory.list(GATHERING)).toEqual([]);
		await wait(RETRY_MAX_MS * 4);
		expect(server.sent).toHaveLength(2);
		box.dismiss(first);
		expect(box.notices).toEqual([]);
	});

	it('asks for a reload when a refusal carries no message of ours (a session that is gone, a page from elsewhere)', async () => {
		const server = fakeServer(new Response('Not found', { status: 404 }));
		const box = outbox(server);
		box.start();
		const id = await box.send(DOT);
		await settle();
		expect(box.notices).toEqual([{ id, message: m.command_invalid() }]);
		expect(box.entries).toEqual([]);
		await wait(RETRY_MAX_MS);
		expect(server.sent).toHaveLength(1);
	});

	it('keeps and resends a command whose answer did not come from our server (a redirect, a 200 that is not ours)', async () => {
		const server = fakeServer(new Response(null, { status: 303, headers: { location: '/login' } }), new Response('<html>Wi-Fi login</html>', { status: 200 }));
		const box = outbox(server);
		box.start();
		const id = await box.send(DOT);
		await settle();
		await wait(RETRY_MIN_MS);
		expect(box.entries.map((e) => e.id)).toEqual([id]);
		await wait(RETRY_MIN_MS * 2);
		expect(server.sent.map((s) => s.id)).toEqual([id, id, id]);
		expect(box.entries).toEqual([]);
		expect(box.notices).toEqual([]);
	});

	it('holds back later commands while an earlier one waits for a retry', async () => {
		const server = fakeServer(networkError(), networkError());
		const box = outbox(server);
		box.start();
		const first = await box.send(DOT);
		await settle();
		// A new command is a nudge: the waiting one is tried first, fails again, and keeps its place.
		const second = await box.send(OTHER_DOT);
		await settle();
		expect(server.sent.map((s) => s.id)).toEqual([first, first]);
		expect(box.entries.map((e) => e.id)).toEqual([first, second]);
		await wait(RETRY_MIN_MS);
		expect(server.sent.map((s) => s.id)).toEqual([first, first, first, second]);
		expect(box.entries).toEqual([]);
	});

	it('tries again at once when the network comes back, without waiting out the back-off', async () => {
		const server = fakeServer(networkError(), networkError());
		const box = outbox(server);
		box.start();
		await box.send(DOT);
		await settle();
		await wait(RETRY_MIN_MS);
		expect(server.sent).toHaveLength(2);
		window.dispatchEvent(new Event('online'));
		await settle();
		expect(server.sent).toHaveLength(3);
		expect(box.entries).toEqual([]);
	});

	it('survives a reload: a command stored in IndexedDB is sent by the next page, with its id', async () => {
		const offline = fakeServer(networkError(), networkError(), networkError());
		const before = outbox(offline, openOutboxStore);
		before.start();
		const id = await before.send(DOT);
		await settle();
		expect(offline.sent.map((s) => s.id)).toEqual([id]);
		before.destroy();

		const online = fakeServer(ok());
		const after = outbox(online, openOutboxStore);
		after.start();
		await settle();
		expect(online.sent).toEqual([{ url: `/api/gatherings/${GATHERING}/commands`, id, ...DOT }]);
		expect(after.entries).toEqual([]);
		expect(await (await openOutboxStore()).list(GATHERING)).toEqual([]);
		// The page that was closed sends nothing more.
		await wait(RETRY_MAX_MS);
		expect(offline.sent).toHaveLength(1);
	});
});
