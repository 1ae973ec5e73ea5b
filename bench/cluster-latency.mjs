#!/usr/bin/env node
/**
 * `npm run bench:cluster`: command → every phone, one gathering, the same load on one node
 * and spread over several. For each scenario: a fresh PostgreSQL database, nodes started
 * with `node server.js` (several nodes: with a private redis-server, REDIS_URL set; one
 * node: without, the plain single server on the same PostgreSQL; started as the tests start
 * them, tests/helpers/production-server.mjs), phones joined and connected with the stock
 * y-websocket client, round-robin over the nodes, and commands (addTopic, round-robin over
 * the nodes and the phones) sent one after another. Records send → 200 and send → arrival
 * at every phone. Phones, servers, PostgreSQL and Redis share this machine, so the figures
 * compare configurations, they do not predict a deployment.
 *
 * Options: --phones 600 --commands 100 --scenarios 1x600,2x600,1x1000,3x1000
 *          --logs DIR (each node's JSON log, and Redis', written to DIR/<scenario>-<name>.log)
 * Needs PostgreSQL at TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test)
 * and redis-server on the PATH.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { startServer } from '../tests/helpers/production-server.mjs';
import { createScratchDatabase } from '../tests/helpers/scratch-postgres.mjs';

const arg = (name, fallback) => {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? process.argv[i + 1] : fallback;
};
process.setMaxListeners(0);
const COMMANDS = Number(arg('commands', 100));
const SCENARIOS = arg('scenarios', '1x600,2x600,1x1000,3x1000')
	.split(',')
	.map((s) => s.split('x').map(Number))
	.map(([nodes, phones]) => ({ nodes, phones }));
const ADMIN_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

const freePort = () =>
	new Promise((resolve) => {
		const s = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(check, what, ms = 60_000) {
	const started = Date.now();
	for (;;) {
		try {
			if (await check()) return;
		} catch {
			// not yet
		}
		if (Date.now() - started > ms) throw new Error(`timed out: ${what}`);
		await sleep(50);
	}
}

const LOG_DIR = arg('logs', null);
if (LOG_DIR) mkdirSync(LOG_DIR, { recursive: true });

function spawnQuiet(cmd, args, env, logName = null) {
	const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	const file = LOG_DIR && logName ? createWriteStream(path.join(LOG_DIR, `${logName}.log`)) : null;
	child.stdout.on('data', (c) => (out = (out + c).slice(-20_000)));
	child.stderr.on('data', (c) => (out = (out + c).slice(-20_000)));
	if (file) {
		child.stdout.pipe(file);
		child.stderr.pipe(file);
	}
	child.output = () => out;
	return child;
}

async function stop(child, signal = 'SIGTERM') {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((r) => child.once('exit', r));
	child.kill(signal);
	await exited;
}

async function scenario({ nodes: nodeCount, phones: phoneCount }) {
	const database = await createScratchDatabase({ adminUrl: ADMIN_URL, prefix: 'ot_bench_' });
	const logName = (name) => `${nodeCount}x${phoneCount}-${name}`;
	let redis = null;
	const nodes = [];
	try {
		let redisUrl;
		if (nodeCount > 1) {
			const port = await freePort();
			redis = spawnQuiet('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], process.env, logName('redis'));
			await until(() => redis.output().includes('Ready to accept connections'), 'redis');
			redisUrl = `redis://127.0.0.1:${port}`;
		}
		for (let i = 0; i < nodeCount; i++) {
			const node = await startServer({
				name: `bench-${i + 1}`,
				databaseUrl: database.url,
				redisUrl,
				env: { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1', LOG_FORMAT: 'json' }
			});
			nodes.push(node);
		}
		return await measure(
			nodes.map((n) => n.url),
			phoneCount
		);
	} catch (error) {
		const cause = error.cause ? ` (${error.cause.code ?? error.cause.message})` : '';
		throw new Error(`${error.message}${cause}`);
	} finally {
		for (const [i, node] of nodes.entries()) {
			await node.stop({ signal: 'SIGKILL' });
			if (LOG_DIR) writeFileSync(path.join(LOG_DIR, `${logName(`node-${i + 1}`)}.log`), node.output());
		}
		if (redis) await stop(redis, 'SIGKILL');
		await database.drop();
	}
}

function jar(base, address) {
	const cookies = new Map();
	return {
		header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
		async post(url, fields) {
			const response = await fetch(base + url, {
				method: 'POST',
				redirect: 'manual',
				headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, accept: 'text/html', cookie: this.header(), 'x-forwarded-for': address },
				body: new URLSearchParams(fields).toString()
			});
			for (const line of response.headers.getSetCookie()) {
				const [pair] = line.split(';');
				const at = pair.indexOf('=');
				cookies.set(pair.slice(0, at), pair.slice(at + 1));
			}
			return response;
		}
	};
}

async function measure(bases, phoneCount) {
	const host = jar(bases[0], '10.0.0.1');
	await host.post('/signup', { name: 'Bench', email: 'bench@example.org', password: 'a long enough password' });
	const created = await host.post('/gatherings/new', { title: 'Bench' });
	const gatheringId = created.headers.get('location').slice(3);
	const page = await (await fetch(`${bases[0]}/g/${gatheringId}`, { headers: { cookie: host.header() } })).text();
	const code = /\/j\/([2-9A-Z]{6})/.exec(page)[1];

	// Joins from distinct addresses (as behind a proxy), a few at a time.
	const cookies = [];
	for (let i = 0; i < phoneCount; i += 20) {
		const batch = await Promise.all(
			Array.from({ length: Math.min(20, phoneCount - i) }, async (_, k) => {
				const n = i + k;
				const j = jar(bases[n % bases.length], `10.1.${Math.floor(n / 250)}.${(n % 250) + 1}`);
				const r = await j.post(`/j/${code}?/join`, { name: `Phone ${n + 1}` });
				if (r.status !== 303) throw new Error(`join ${n}: ${r.status}`);
				return j.header();
			})
		);
		cookies.push(...batch);
	}

	const phones = cookies.map((cookie, n) => {
		class CookieWebSocket extends WebSocket {
			constructor(url, protocols) {
				super(url, protocols, { headers: { cookie } });
			}
		}
		const doc = new Y.Doc();
		const base = bases[n % bases.length];
		const provider = new WebsocketProvider(base.replace('http', 'ws') + '/realtime', gatheringId, doc, { WebSocketPolyfill: CookieWebSocket, disableBc: true });
		const arrivals = new Map();
		doc.getMap('topics').observe((event) => {
			const now = performance.now();
			for (const key of event.keysChanged) if (!arrivals.has(key)) arrivals.set(key, now);
		});
		return { cookie, doc, provider, arrivals, base };
	});
	await Promise.all(phones.map((p) => new Promise((r) => (p.provider.synced ? r() : p.provider.once('sync', r)))));
	process.stderr.write(`  ${phoneCount} phones synced on ${bases.length} node(s)\n`);
	await sleep(1_000);

	const toAnswer = [];
	const toEveryPhone = [];
	const toLast = [];
	for (let n = 0; n < COMMANDS; n++) {
		const phone = phones[(n * 7) % phones.length];
		const base = bases[n % bases.length];
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
		const deadline = Date.now() + 30_000;
		while (phones.some((p) => !p.arrivals.has(id))) {
			if (Date.now() > deadline) throw new Error(`command ${n} did not reach every phone`);
			await sleep(1);
		}
		let last = 0;
		for (const p of phones) {
			const at = p.arrivals.get(id);
			toEveryPhone.push(at - sent);
			last = Math.max(last, at);
		}
		toLast.push(last - sent);
	}
	for (const p of phones) p.provider.destroy();
	return { toAnswer, toEveryPhone, toLast };
}

const pct = (values, p) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const fmt = (values) => ['p50', 'p95', 'p99'].map((p) => `${p} ${pct(values, Number(p.slice(1))).toFixed(1).padStart(7)} ms`).join('  ');

console.log(`cluster latency: one gathering, ${COMMANDS} addTopic commands one after another, PostgreSQL, Node ${process.version}`);
for (const s of SCENARIOS) {
	const label = `${s.phones} phones on ${s.nodes} node${s.nodes > 1 ? 's' : ''}`;
	try {
		const r = await scenario(s);
		console.log(`\n${label}${s.nodes > 1 ? ' (Redis fan-out)' : ' (no Redis)'}`);
		console.log(`  send → 200 (committed)            ${fmt(r.toAnswer)}`);
		console.log(`  send → arrival at every phone     ${fmt(r.toEveryPhone)}`);
		console.log(`  send → arrival at the last phone  ${fmt(r.toLast)}`);
	} catch (error) {
		console.log(`\n${label}: not measured — ${error.message.split('\n')[0]}`);
		process.stderr.write(`${error.message}\n`);
	}
}
process.exit(0);
