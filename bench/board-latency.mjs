#!/usr/bin/env node
/**
 * `npm run bench:board`: how fast a command reaches every screen. Starts the production
 * server on a temporary embedded database, lets N phones join and connect with the stock
 * y-websocket client, then sends commands (addTopic, spread over the phones to stay inside
 * the rate limit) one after another and records, for each command:
 *   - send → 200 (the answer comes only after the update is committed),
 *   - 200 → arrival at each phone (negative: it arrived before the answer),
 *   - send → arrival at the last phone.
 * Prints p50/p95/p99 of each. Options: --clients 50 --commands 100.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

const arg = (name, fallback) => {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
// Every provider adds a process 'exit' listener; fifty of them are expected here.
process.setMaxListeners(0);
const CLIENTS = arg('clients', 50);
const COMMANDS = arg('commands', 100);

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'opentafel-bench-'));
const server = spawn(process.execPath, ['server.js'], {
	env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ORIGIN: '', DATABASE_URL: '' },
	stdio: ['ignore', 'pipe', 'inherit']
});
const base = await new Promise((resolve, reject) => {
	let out = '';
	server.stdout.on('data', (chunk) => {
		out += chunk;
		const match = /listening on (http:\/\/\S+)/.exec(out);
		if (match) resolve(match[1]);
	});
	server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
});

function cookieJar() {
	const jar = new Map();
	return {
		header: () => [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
		async post(url, fields) {
			const response = await fetch(base + url, {
				method: 'POST',
				redirect: 'manual',
				headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, accept: 'text/html', cookie: this.header() },
				body: new URLSearchParams(fields).toString()
			});
			for (const line of response.headers.getSetCookie()) {
				const [pair] = line.split(';');
				const at = pair.indexOf('=');
				jar.set(pair.slice(0, at), pair.slice(at + 1));
			}
			return response;
		}
	};
}

const host = cookieJar();
await host.post('/signup', { email: 'bench@example.org', password: 'a long enough password' });
const created = await host.post('/gatherings/new', { title: 'Bench' });
const gatheringId = created.headers.get('location').slice(3);
const page = await (await fetch(`${base}/g/${gatheringId}`, { headers: { cookie: host.header() } })).text();
const code = /\/j\/([2-9A-Z]{6})/.exec(page)[1];

const phones = [];
for (let i = 0; i < CLIENTS; i++) {
	const jar = cookieJar();
	await jar.post(`/j/${code}?/join`, { name: `Phone ${i + 1}` });
	const cookie = jar.header();
	class CookieWebSocket extends WebSocket {
		constructor(url, protocols) {
			super(url, protocols, { headers: { cookie } });
		}
	}
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(base.replace('http', 'ws') + '/realtime', gatheringId, doc, {
		WebSocketPolyfill: CookieWebSocket,
		disableBc: true
	});
	phones.push({ cookie, doc, provider, arrivals: new Map() });
}
await Promise.all(phones.map((p) => new Promise((r) => (p.provider.synced ? r() : p.provider.once('sync', r)))));
for (const p of phones) {
	p.doc.getMap('topics').observe((event) => {
		const now = performance.now();
		for (const key of event.keysChanged) if (!p.arrivals.has(key)) p.arrivals.set(key, now);
	});
}

const toAnswer = [];
const answerToArrival = [];
const toLastArrival = [];
for (let n = 0; n < COMMANDS; n++) {
	const phone = phones[n % phones.length];
	const id = randomUUID();
	const sent = performance.now();
	const response = await fetch(`${base}/api/gatherings/${gatheringId}/commands`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie: phone.cookie },
		body: JSON.stringify({ id, type: 'addTopic', args: { title: `Topic ${n}` } })
	});
	const answered = performance.now();
	if (response.status !== 200) throw new Error(`command ${n}: ${response.status} ${await response.text()}`);
	toAnswer.push(answered - sent);
	const deadline = Date.now() + 10_000;
	while (phones.some((p) => !p.arrivals.has(id))) {
		if (Date.now() > deadline) throw new Error(`command ${n} did not reach every phone`);
		await new Promise((r) => setTimeout(r, 1));
	}
	let last = 0;
	for (const p of phones) {
		const at = p.arrivals.get(id);
		answerToArrival.push(at - answered);
		last = Math.max(last, at);
	}
	toLastArrival.push(last - sent);
}

const pct = (values, p) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const line = (label, values) =>
	console.log(`${label.padEnd(34)} p50 ${pct(values, 50).toFixed(1).padStart(7)} ms  p95 ${pct(values, 95).toFixed(1).padStart(7)} ms  p99 ${pct(values, 99).toFixed(1).padStart(7)} ms`);

console.log(`board latency: ${CLIENTS} connected phones, ${COMMANDS} addTopic commands, embedded database, Node ${process.version}`);
line('send → 200 (committed)', toAnswer);
line('200 → arrival at each phone', answerToArrival);
line('send → arrival at the last phone', toLastArrival);

for (const p of phones) p.provider.destroy();
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
rmSync(dataDir, { recursive: true, force: true });
