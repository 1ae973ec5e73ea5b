/**
 * A server that speaks another protocol version refuses the page, not the command: the outbox
 * keeps every waiting command (for the reloaded page to send), stops sending, and says so.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Outbox } from './outbox.svelte';
import { memoryOutboxStore } from './outbox-store';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '$lib/protocol/version';

// The outbox listens for the network and the page coming back; a node test has neither.
beforeAll(() => {
	vi.stubGlobal('window', new EventTarget());
	vi.stubGlobal('document', Object.assign(new EventTarget(), { visibilityState: 'visible' }));
});
afterAll(() => vi.unstubAllGlobals());

const settle = async () => {
	for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
};

function answering(answer: () => Response) {
	const requests: { headers: Headers; body: unknown }[] = [];
	const fetcher = (async (_url: string, init: RequestInit) => {
		requests.push({ headers: new Headers(init.headers), body: JSON.parse(String(init.body)) });
		return answer();
	}) as unknown as typeof fetch;
	return { fetcher, requests };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('the outbox and the protocol version', () => {
	it('sends its version and the command as the contract says', async () => {
		const { fetcher, requests } = answering(() => json(200, { ok: true, topicId: 'x' }));
		const outbox = new Outbox('g1', { openStore: async () => memoryOutboxStore(), fetch: fetcher });
		const id = await outbox.send({ type: 'addTopic', args: { title: 'Bankjes', details: '' } });
		await settle();
		expect(requests).toHaveLength(1);
		expect(requests[0].headers.get(PROTOCOL_HEADER)).toBe(String(PROTOCOL_VERSION));
		expect(requests[0].body).toEqual({ id, type: 'addTopic', args: { title: 'Bankjes', details: '' } });
		expect(outbox.entries).toEqual([]);
		outbox.destroy();
	});

	it('keeps every command and stops sending when the server speaks another version', async () => {
		const store = memoryOutboxStore();
		const { fetcher, requests } = answering(() => json(409, { ok: false, error: 'protocol_mismatch', message: 'Laad de pagina opnieuw.' }));
		const outbox = new Outbox('g1', { openStore: async () => store, fetch: fetcher });
		await outbox.send({ type: 'addTopic', args: { title: 'Bankjes', details: '' } });
		await outbox.send({ type: 'placeDot', args: { topicId: 't1' } });
		await settle();
		expect(outbox.outdated).toBe(true);
		expect(outbox.notices).toEqual([]);
		expect((await store.list('g1')).map((e) => e.type)).toEqual(['addTopic', 'placeDot']);
		const sent = requests.length;
		outbox.nudge();
		await settle();
		expect(requests.length).toBe(sent);
		outbox.destroy();
	});

	it('drops a command the server refused for itself and shows why', async () => {
		const store = memoryOutboxStore();
		const { fetcher } = answering(() => json(409, { ok: false, error: 'budget_spent', message: 'Je stippen zijn op.' }));
		const outbox = new Outbox('g1', { openStore: async () => store, fetch: fetcher });
		await outbox.send({ type: 'placeDot', args: { topicId: 't1' } });
		await settle();
		expect(outbox.outdated).toBe(false);
		expect(outbox.notices.map((n) => n.message)).toEqual(['Je stippen zijn op.']);
		expect(await store.list('g1')).toEqual([]);
		outbox.destroy();
	});
});
