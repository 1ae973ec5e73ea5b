/**
 * The protocol version both ends share ($lib/protocol): a page built for another version is
 * told to reload — on the realtime socket with 4426, on the command endpoint with 409
 * `protocol_mismatch` — and nothing it sent changes the board. Requests without a version
 * (stock clients, scripts) speak version 1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { randomUUID } from 'node:crypto';
import { startServer, type ProductionServer } from '../helpers/production-server.mjs';
import { setUpGathering, type Setup } from '../helpers/gathering-setup';
import { connectBoard, sendCommand, waitFor } from '../helpers/board-client';
import { board } from '../../src/lib/board/doc';
import { CLOSE } from '../../src/lib/protocol/close-codes';
import { PROTOCOL_HEADER, PROTOCOL_PARAM, PROTOCOL_VERSION } from '../../src/lib/protocol/version';

let server: ProductionServer;
let setup: Setup;
let anna: { cookie: string };
beforeAll(async () => {
	server = await startServer();
	setup = await setUpGathering(server.url);
	anna = await setup.join('Anna');
});
afterAll(async () => {
	await server?.stop();
});

/** Opens the realtime socket with `query` and resolves with how it ended, or 'open' once a message arrived. */
function openSocket(query: string): Promise<number | 'open'> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/realtime/${setup.gatheringId}${query}`, { headers: { cookie: anna.cookie } });
		ws.on('message', () => {
			ws.close();
			resolve('open');
		});
		ws.on('close', (code) => resolve(code));
		ws.on('error', reject);
	});
}

function post(version: string | null, accept = 'nl') {
	const headers: Record<string, string> = { 'content-type': 'application/json', cookie: anna.cookie, 'accept-language': accept };
	if (version !== null) headers[PROTOCOL_HEADER] = version;
	return fetch(`${server.url}/api/gatherings/${setup.gatheringId}/commands`, {
		method: 'POST',
		headers,
		body: JSON.stringify({ id: randomUUID(), type: 'addTopic', args: { title: `Onderwerp ${randomUUID()}` } })
	});
}

describe('the protocol version', () => {
	it('lets a page of this version, and a client that names none, open the board', async () => {
		expect(await openSocket(`?${PROTOCOL_PARAM}=${PROTOCOL_VERSION}`)).toBe('open');
		expect(await openSocket('')).toBe('open');
	});

	it('closes the socket of a page built for another version with 4426', async () => {
		expect(await openSocket(`?${PROTOCOL_PARAM}=${PROTOCOL_VERSION + 1}`)).toBe(CLOSE.protocolMismatch.code);
		expect(await openSocket(`?${PROTOCOL_PARAM}=nonsense`)).toBe(CLOSE.protocolMismatch.code);
		expect(CLOSE.protocolMismatch.code).toBe(4426);
	});

	it('refuses a command from another version with 409 protocol_mismatch, in the page’s language, changing nothing', async () => {
		const watcher = connectBoard(server.url, setup.gatheringId, anna.cookie);
		await watcher.synced;
		const before = board(watcher.doc).topics.size;
		const nl = await post(String(PROTOCOL_VERSION + 1));
		expect(nl.status).toBe(409);
		expect(await nl.json()).toMatchObject({ ok: false, error: 'protocol_mismatch', message: expect.stringContaining('Laad de pagina opnieuw') });
		const en = await post(String(PROTOCOL_VERSION + 1), 'en');
		expect(await en.json()).toMatchObject({ error: 'protocol_mismatch', message: expect.stringContaining('Reload the page') });
		// A command that does go through shows up; the refused ones never did.
		const accepted = await sendCommand(server.url, setup.gatheringId, anna.cookie, 'addTopic', { title: 'Bankjes' });
		expect(accepted.status).toBe(200);
		await waitFor(watcher.doc, () => board(watcher.doc).topics.has(accepted.id));
		expect(board(watcher.doc).topics.size).toBe(before + 1);
		watcher.destroy();
	});

	it('accepts commands that name this version or none', async () => {
		expect((await post(String(PROTOCOL_VERSION))).status).toBe(200);
		expect((await post(null)).status).toBe(200);
	});
});
