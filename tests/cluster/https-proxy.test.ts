/**
 * One node behind nginx with https, as the README's "Your first evening" tells an operator:
 * the committed deploy/nginx-https.conf with only its ports, certificate paths and upstream
 * replaced, a self-signed certificate that this test (and only this test) trusts, and the node
 * started with the variables the file's header names. Phones' requests, their form posts
 * (SvelteKit's origin check) and their board's WebSocket all pass through it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/http-client';
import { startServer, type ProductionServer } from '../helpers/production-server.mjs';
import { runNginx, type RunningNginx } from './helpers/nginx';
import { freePort } from './helpers/processes';

const TEMPLATE = path.resolve('deploy/nginx-https.conf');
const TITLE = 'Buurtavond met https';

let certDir = '';
let ca = '';
let node: ProductionServer;
let nginx: RunningNginx;
let origin = '';
let plainPort = 0;
let gatheringId = '';
let joinCode = '';

/** The deployment file with the test's ports and certificate; throws when a line to replace is gone. */
function site(options: { plainPort: number; tlsPort: number; nodePort: number; cert: string; key: string }): string {
	const replacements: [RegExp, string][] = [
		[/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${options.plainPort};`],
		[/^(\s*)listen 443 ssl;$/m, `$1listen 127.0.0.1:${options.tlsPort} ssl;`],
		[/^(\s*)ssl_certificate\s+\S+;$/m, `$1ssl_certificate ${options.cert};`],
		[/^(\s*)ssl_certificate_key\s+\S+;$/m, `$1ssl_certificate_key ${options.key};`],
		[/^(\s*)proxy_pass http:\/\/127\.0\.0\.1:3000;$/m, `$1proxy_pass http://127.0.0.1:${options.nodePort};`]
	];
	let text = readFileSync(TEMPLATE, 'utf8');
	for (const [line, replacement] of replacements) {
		if (!line.test(text)) throw new Error(`deploy/nginx-https.conf changed shape (${line}): update tests/cluster/https-proxy.test.ts`);
		text = text.replace(line, replacement);
	}
	return text;
}

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** One request over https that trusts the test's own certificate, and nothing else. */
function request(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const sent = https.request(url, { method: init.method ?? 'GET', headers: init.headers, ca }, (response) => {
			let body = '';
			response.setEncoding('utf8');
			response.on('data', (chunk) => (body += chunk));
			response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
		});
		sent.on('error', reject);
		sent.end(init.body);
	});
}

beforeAll(async () => {
	certDir = mkdtempSync(path.join(os.tmpdir(), 'opentafel-tls-'));
	const [cert, key] = [path.join(certDir, 'cert.pem'), path.join(certDir, 'key.pem')];
	execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
		'-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
	ca = readFileSync(cert, 'utf8');

	const tlsPort = await freePort();
	plainPort = await freePort();
	origin = `https://127.0.0.1:${tlsPort}`;
	node = await startServer({ env: { HOST: '127.0.0.1', ORIGIN: origin, ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' } });
	const nodePort = Number(new URL(node.url).port);
	nginx = await runNginx(site({ plainPort, tlsPort, nodePort, cert, key }), async () => (await request(`${origin}/healthz`)).status === 200, `nginx on ${tlsPort}`);

	// The facilitator's set-up, straight to the node: its forms answer only to the public origin.
	const facilitator = new Client(node.url);
	const signup = await facilitator.post('/signup', { name: 'Els', email: 'els@example.org', password: 'een lange zin als wachtwoord' }, origin);
	expect(signup.status).toBe(303);
	const created = await facilitator.post('/gatherings/new', { title: TITLE, dotsPerParticipant: '3', maxDotsPerTopic: '2' }, origin);
	gatheringId = created.headers.get('location')!.slice(3);
	const consoleHtml = await (await facilitator.get(`/g/${gatheringId}`)).text();
	joinCode = /\/j\/([2-9A-HJKMNP-Z]{6})/.exec(consoleHtml)![1];
	// Join links and QR codes use ORIGIN, whatever address the console was opened on.
	expect(consoleHtml).toContain(`${origin}/j/${joinCode}`);
	expect(consoleHtml).not.toContain('localhost');
});

afterAll(async () => {
	await nginx?.stop();
	await node?.stop();
	rmSync(certDir, { recursive: true, force: true });
});

describe('one node behind nginx with https (deploy/nginx-https.conf)', () => {
	it('serves the join page over https', async () => {
		const page = await request(`${origin}/j/${joinCode}`, { headers: { accept: 'text/html', 'accept-language': 'en' } });
		expect(page.status).toBe(200);
		expect(page.body).toContain(TITLE);
		expect(page.body).toContain('name="name"');
	});

	it('sends plain http on to https', async () => {
		const answer = await fetch(`http://127.0.0.1:${plainPort}/j/${joinCode}`, { redirect: 'manual' });
		expect(answer.status).toBe(301);
		expect(answer.headers.get('location')).toBe(`https://127.0.0.1/j/${joinCode}`);
	});

	it('lets a phone join through it (the origin check passes) with a Secure session cookie, and open its board over wss', async () => {
		const joined = await request(`${origin}/j/${joinCode}?/join`, {
			method: 'POST',
			headers: { accept: 'text/html', origin, 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ name: 'Noor' }).toString()
		});
		expect(joined.status).toBe(303);
		const cookies = [joined.headers['set-cookie'] ?? []].flat();
		expect(cookies.length).toBeGreaterThan(0);
		for (const line of cookies) expect(line).toMatch(/;\s*Secure/i);
		const cookie = cookies.map((line) => line.split(';')[0]).join('; ');

		const board = await request(`${origin}/j/${joinCode}`, { headers: { accept: 'text/html', cookie } });
		expect(board.body).toContain('Noor');

		const socket = new WebSocket(`wss://127.0.0.1:${new URL(origin).port}/realtime/${gatheringId}`, { ca, headers: { cookie, origin } });
		const first = await new Promise<Buffer>((resolve, reject) => {
			socket.once('message', (data) => resolve(data as Buffer));
			socket.once('close', (code) => reject(new Error(`closed with ${code}`)));
			socket.once('error', reject);
		});
		// y-websocket's first message from the server is a sync message (type 0).
		expect(first[0]).toBe(0);
		socket.close();
	});

	it('refuses a form posted from another origin, through the proxy too', async () => {
		const refused = await request(`${origin}/j/${joinCode}?/join`, {
			method: 'POST',
			headers: { accept: 'text/html', origin: 'https://elders.example', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ name: 'Mallory' }).toString()
		});
		expect(refused.status).toBe(403);
		expect(nginx.errorLog()).not.toMatch(/\[(error|crit|emerg)\]/);
	});
});
