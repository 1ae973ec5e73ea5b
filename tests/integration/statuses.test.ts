/**
 * What a refused command answers, against the real production server: a body over the limit
 * is 413 and read no further than the limit, a command about something that does not exist
 * is 404, and what others see of the facilitator is the name they chose.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { startServer, type ProductionServer } from '../helpers/production-server.mjs';
import { FACILITATOR_NAME, setUpGathering, type Setup } from '../helpers/gathering-setup';
import { connectBoard, sendCommand, sleep, type BoardClient } from '../helpers/board-client';
import { MAX_COMMAND_BODY_BYTES } from '../../src/lib/board/commands';

type Answer = {
	status: number;
	body: { ok?: boolean; error?: string; message?: string };
	headers: http.IncomingHttpHeaders;
	/** The server closed the connection while the body was still unfinished: it will not read the rest. */
	closedByServer: boolean;
};

const MB = 1024 * 1024;
const ANSWER_WAIT_MS = 5_000;
const CLOSE_WAIT_MS = 2_000;

/**
 * Starts a body of `size` bytes (declared with content-length, or chunked without one), sends
 * only its first `sentBytes` and then waits. An answer that comes now was given without the
 * rest of the body; a socket the server then closes means the rest is never read either.
 */
function postPartly(baseUrl: string, path: string, cookie: string, options: { size: number; sentBytes: number; mode: 'declared' | 'chunked' }): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json', cookie };
		if (options.mode === 'declared') headers['content-length'] = options.size;
		// Keep-alive, as browsers ask: the server, not the client, must decide to close.
		const agent = new http.Agent({ keepAlive: true });
		const request = http.request(new URL(path, baseUrl), { method: 'POST', headers, agent });
		const timer = setTimeout(() => {
			request.destroy();
			agent.destroy();
			reject(new Error(`no answer after ${options.sentBytes} of ${options.size} bytes: the server waited for more`));
		}, ANSWER_WAIT_MS);
		let closed = false;
		request.on('socket', (socket) => socket.on('close', () => (closed = true)));
		// Writing into a socket the server closed is expected here, not a failure.
		request.on('error', () => {});
		request.on('response', (response) => {
			clearTimeout(timer);
			let text = '';
			response.setEncoding('utf8');
			response.on('data', (chunk) => (text += chunk));
			response.on('end', async () => {
				for (let waited = 0; !closed && waited < CLOSE_WAIT_MS; waited += 20) await sleep(20);
				request.destroy();
				agent.destroy();
				try {
					resolve({ status: response.statusCode!, body: JSON.parse(text), headers: response.headers, closedByServer: closed });
				} catch (error) {
					reject(new Error(`not JSON (${response.statusCode}): ${text.slice(0, 200)}`, { cause: error }));
				}
			});
		});
		// A JSON-looking start, then padding: the server must not need to parse it to refuse it.
		request.write('{"id":"');
		request.write(Buffer.alloc(options.sentBytes, 'x'));
	});
}

let server: ProductionServer;
let setup: Setup;
let anna: { cookie: string };
const clients: BoardClient[] = [];
const commandsPath = () => `/api/gatherings/${setup.gatheringId}/commands`;

describe('statuses that say what happened', () => {
	beforeAll(async () => {
		server = await startServer();
		setup = await setUpGathering(server.url);
		anna = await setup.join('Anna');
	});
	afterAll(async () => {
		for (const c of clients) c.destroy();
		await server?.stop();
	});

	for (const size of [MB, 10 * MB]) {
		for (const mode of ['declared', 'chunked'] as const) {
			it(`answers 413 to a ${size / MB} MB command body (${mode === 'declared' ? 'with content-length' : 'chunked, no content-length'}), reading no more than the limit`, async () => {
				// A declared length over the limit is refused before reading; a stream once it passes the limit.
				const sentBytes = mode === 'declared' ? 1024 : MAX_COMMAND_BODY_BYTES + 64 * 1024;
				const answer = await postPartly(server.url, commandsPath(), anna.cookie, { size, sentBytes, mode });
				expect(answer.status).toBe(413);
				expect(answer.body).toMatchObject({ ok: false, error: 'too_large' });
				expect(answer.body.message).toBeTruthy();
				expect(answer.headers.connection).toBe('close');
				expect(answer.closedByServer).toBe(true);
			});
		}
	}

	it('answers 413 just over the command limit, and takes a command just under it', async () => {
		const over = await postPartly(server.url, commandsPath(), anna.cookie, { size: MAX_COMMAND_BODY_BYTES + 1, sentBytes: MAX_COMMAND_BODY_BYTES + 1, mode: 'chunked' });
		expect(over.status).toBe(413);
		// White space is valid JSON: a real command padded to just under the limit.
		const command = JSON.stringify({ id: randomUUID(), type: 'addTopic', args: { title: 'Bankjes' } });
		const body = command + ' '.repeat(MAX_COMMAND_BODY_BYTES - command.length);
		const under = await fetch(server.url + commandsPath(), { method: 'POST', headers: { 'content-type': 'application/json', cookie: anna.cookie }, body });
		expect(under.status).toBe(200);
	});

	it('answers 415 to a body that is not JSON, and 400 to JSON that is broken', async () => {
		const post = (contentType: string, body: string) =>
			fetch(server.url + commandsPath(), { method: 'POST', headers: { 'content-type': contentType, cookie: anna.cookie }, body });
		// Not a form type either: SvelteKit refuses cross-site-looking form posts (403) before the route.
		const notJson = await post('application/xml', '{}');
		expect(notJson.status).toBe(415);
		expect(await notJson.json()).toMatchObject({ ok: false, error: 'not_json' });
		const broken = await post('application/json', '{"id":');
		expect(broken.status).toBe(400);
		expect(await broken.json()).toMatchObject({ ok: false, error: 'invalid_command' });
	});

	it('answers 404 to a dot on a topic that does not exist, and to an unknown gathering', async () => {
		const dot = await sendCommand(server.url, setup.gatheringId, anna.cookie, 'placeDot', { topicId: 'nosuchtopic' });
		expect(dot).toMatchObject({ status: 404, body: { ok: false, error: 'not_found' } });
		expect(dot.body.message).toBeTruthy();
		const response = await fetch(`${server.url}/api/gatherings/${'a'.repeat(26)}/commands`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: anna.cookie },
			body: JSON.stringify({ id: randomUUID(), type: 'placeDot', args: { topicId: 'x' } })
		});
		expect(response.status).toBe(404);
	});

	it('shows the facilitator’s other screens their chosen name, nothing from the e-mail address, and note-takers no presence', async () => {
		const dana = await setup.join('Dana');
		const consoleHtml = await (await setup.facilitator.get(`/g/${setup.gatheringId}`)).text();
		const row = consoleHtml.split('<li class="participant').slice(1).find((r) => r.includes('>Dana<'))!;
		const danaId = /name="participantId" value="([a-z2-7]+)"/.exec(row)![1];
		expect((await setup.facilitator.post(`/g/${setup.gatheringId}?/noteTaker`, { participantId: danaId, noteTaker: 'on' })).status).toBe(200);

		const usersSeenBy = (client: ReturnType<typeof connectBoard>) =>
			[...client.provider.awareness.getStates().values()].map((s) => (s as { user?: { name: string; role: string } }).user).filter(Boolean);
		const facilitatorName = async () => {
			const host = connectBoard(server.url, setup.gatheringId, setup.facilitatorCookie);
			const projector = connectBoard(server.url, setup.gatheringId, setup.facilitatorCookie);
			const noteTaker = connectBoard(server.url, setup.gatheringId, dana.cookie);
			clients.push(host, projector, noteTaker);
			await Promise.all([host.synced, projector.synced, noteTaker.synced]);
			// As the console does; a state never set is at clock 0, which no peer takes as news.
			host.provider.awareness.setLocalStateField('screen', 'console');
			noteTaker.provider.awareness.setLocalStateField('screen', 'phone');
			const seen = () => usersSeenBy(projector).find((u) => u?.role === 'facilitator');
			for (let waited = 0; !(seen() && usersSeenBy(projector).some((u) => u?.role === 'note-taker')) && waited < 3_000; waited += 50) await sleep(50);
			const name = seen()?.name;
			// The note-taker's own state is there when presence is sent; nobody else's ever is.
			expect(usersSeenBy(noteTaker)).toEqual([]);
			host.destroy();
			projector.destroy();
			noteTaker.destroy();
			return name;
		};

		const name = await facilitatorName();
		expect(name).toBe(FACILITATOR_NAME);
		expect(name).not.toContain('@');
		expect(name).not.toMatch(/host/i);

		// A name changed on the dashboard is what the next connection shows.
		expect((await setup.facilitator.post('/dashboard?/name', { name: 'host@example.org' })).status).toBe(400);
		expect((await setup.facilitator.post('/dashboard?/name', { name: 'Els' })).status).toBe(200);
		expect(await facilitatorName()).toBe('Els');
	});
});

describe('with a BODY_SIZE_LIMIT below the command limit', () => {
	let small: ProductionServer;
	let smallSetup: Setup;
	let bram: { cookie: string };
	const LIMIT_BYTES = 16 * 1024;

	beforeAll(async () => {
		small = await startServer({ env: { BODY_SIZE_LIMIT: String(LIMIT_BYTES) } });
		smallSetup = await setUpGathering(small.url);
		bram = await smallSetup.join('Bram');
	});
	afterAll(async () => {
		await small?.stop();
	});

	for (const mode of ['declared', 'chunked'] as const) {
		it(`answers 413 in JSON when the server's limit ends the body (${mode})`, async () => {
			const sentBytes = mode === 'declared' ? 1024 : 2 * LIMIT_BYTES;
			const answer = await postPartly(small.url, `/api/gatherings/${smallSetup.gatheringId}/commands`, bram.cookie, { size: 10 * MB, sentBytes, mode });
			expect(answer.status).toBe(413);
			expect(answer.body).toMatchObject({ ok: false, error: 'too_large' });
			expect(answer.closedByServer).toBe(true);
		});
	}

	it('still takes an ordinary command', async () => {
		expect((await sendCommand(small.url, smallSetup.gatheringId, bram.cookie, 'addTopic', { title: 'Zebrapad' })).status).toBe(200);
	});
});
