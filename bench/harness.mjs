/**
 * What the benchmarks share: the production server on a temporary embedded database, people
 * signing up, opening gatherings and joining them over HTTP as browsers do, phones on the
 * stock y-websocket client, process figures from /proc, and the `name: value unit` lines.
 *
 * Clocks: every timestamp that crosses a process boundary is `now()`, i.e. CLOCK_MONOTONIC
 * through process.hrtime. On Linux that clock is one for the whole machine, so a time taken
 * in a phone process can be subtracted from one taken in the process that sent the command.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Milliseconds on the machine-wide monotonic clock. */
export const now = () => Number(process.hrtime.bigint()) / 1e6;
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** `--name value` from the command line, as a number unless `fallback` is a string. */
export function option(name, fallback) {
	const i = process.argv.indexOf(`--${name}`);
	if (i < 0 || i + 1 >= process.argv.length) return fallback;
	const raw = process.argv[i + 1];
	return typeof fallback === 'string' ? raw : Number(raw);
}

export function figure(name, value, unit) {
	const shown = typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2)) : value;
	console.log(`${name}: ${shown} ${unit}`.trimEnd());
}

/** Nearest-rank percentile. */
export function percentile(values, p) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function printLatencies(name, values) {
	for (const p of [50, 95, 99]) figure(`${name}.p${p}`, percentile(values, p), 'ms');
	figure(`${name}.max`, Math.max(...values), 'ms');
}

/** The machine the figures were taken on; printed with every run. */
export function printMachine() {
	figure('machine.cores', os.cpus().length, 'cores');
	figure('machine.load-1min', os.loadavg()[0], 'load');
	figure('machine.node', process.versions.node, '');
}

/**
 * Resident memory (MB), CPU time (s, user + system) and write system calls (socket sends
 * included) of a process, read from /proc.
 */
export function processStats(pid) {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
	// Fields 14 and 15 of /proc/pid/stat, counted after the command name (which may hold spaces).
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const ticks = Number(fields[11]) + Number(fields[12]);
	const writes = Number(/syscw:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0);
	return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024, cpuSeconds: ticks / CLOCK_TICKS, writes };
}
// USER_HZ; 100 on every mainstream Linux build.
const CLOCK_TICKS = 100;

/** Samples a process's RSS every `ms` until stopped; returns the largest sample. */
export function sampleRss(pid, ms = 200) {
	let peak = processStats(pid).rssMb;
	const timer = setInterval(() => {
		try {
			peak = Math.max(peak, processStats(pid).rssMb);
		} catch {
			// The process ended; the peak so far stands.
		}
	}, ms);
	return () => {
		clearInterval(timer);
		return peak;
	};
}

/**
 * Starts `node <args>` and resolves once it prints `listening on http://…`. Output is kept
 * for error messages; stop() sends SIGTERM and waits for the exit.
 */
export async function startListening(args, env = {}) {
	const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stderr.on('data', (chunk) => (output += chunk));
	// Resolves with the exit code, or the signal's name when a signal ended the process.
	const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
	const url = await new Promise((resolve, reject) => {
		child.stdout.on('data', (chunk) => {
			output += chunk;
			const match = /listening on (http:\/\/\S+)/.exec(output);
			if (match) resolve(match[1].replace('localhost', '127.0.0.1'));
		});
		exited.then((code) => reject(new Error(`${args.join(' ')} exited with ${code}:\n${output}`)));
	});
	return {
		url,
		pid: child.pid,
		output: () => output,
		/** Resolves when the process ends, whoever ended it (the fuzzers watch it for crashes). */
		exited,
		async stop() {
			if (child.exitCode === null) child.kill('SIGTERM');
			await exited;
		}
	};
}

/**
 * A temporary data directory holding an empty, migrated embedded database. Creating one costs a
 * server start (about a second from the build's template, seconds and a memory peak near 800 MB
 * with PGlite's initdb when there is none), so it is done once and copied:
 * the template lives in the temp folder under a key made of the migrations and the PGlite
 * version, so a template from another schema is never used.
 */
async function freshDataDir() {
	const hash = createHash('sha256').update(JSON.parse(readFileSync(path.join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version);
	const migrations = path.join(root, 'drizzle');
	for (const file of readdirSync(migrations, { recursive: true }).sort()) {
		const full = path.join(migrations, file);
		if (statSync(full).isFile()) hash.update(file).update(readFileSync(full));
	}
	const template = path.join(os.tmpdir(), `opentafel-bench-template-${hash.digest('hex').slice(0, 16)}`);
	if (!existsSync(template)) {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'opentafel-bench-'));
		const server = await startListening(['server.js'], { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, ORIGIN: '', DATABASE_URL: '' });
		await server.stop();
		try {
			renameSync(dir, template);
		} catch {
			// Another run made the template meanwhile; theirs is as good.
			rmSync(dir, { recursive: true, force: true });
		}
	}
	const dir = mkdtempSync(path.join(os.tmpdir(), 'opentafel-bench-'));
	cpSync(template, dir, { recursive: true });
	return dir;
}

/**
 * `node server.js` (the production build) on port 0. `dataDir` reuses a prepared embedded
 * database; without it (and without DATABASE_URL) a temporary one is made (see freshDataDir)
 * and removed on stop. `nodeArgs` go to node itself, e.g. `--cpu-prof`.
 */
export async function startServer({ dataDir, env = {}, nodeArgs = [] } = {}) {
	const ownDir = !dataDir && !env.DATABASE_URL;
	const dir = dataDir ?? (ownDir ? await freshDataDir() : '');
	const server = await startListening([...nodeArgs, 'server.js'], { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, ORIGIN: '', DATABASE_URL: '', ...env });
	return {
		...server,
		dataDir: dir,
		async stop({ keepData = false } = {}) {
			await server.stop();
			if (ownDir && !keepData) rmSync(dir, { recursive: true, force: true });
		}
	};
}

/**
 * One HTTP request, optionally from a given loopback address. Joins are limited per client
 * address; the kernel routes all of 127.0.0.0/8 to loopback, so many people can join from one
 * machine by each coming from their own address, without loosening the limit.
 */
export function request(base, pathname, { method = 'GET', headers = {}, body, localAddress } = {}) {
	return new Promise((resolve, reject) => {
		const req = http.request(new URL(pathname, base), { method, headers, localAddress, agent: false }, (res) => {
			const chunks = [];
			res.on('data', (chunk) => chunks.push(chunk));
			res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
		});
		req.on('error', reject);
		req.end(body);
	});
}

/** A browser's cookie jar and form posts, from one client address. */
export function browser(base, localAddress) {
	const jar = new Map();
	const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
	const send = async (pathname, init) => {
		const response = await request(base, pathname, { localAddress, ...init, headers: { accept: 'text/html', cookie: cookie(), ...init.headers } });
		for (const line of response.headers['set-cookie'] ?? []) {
			const [pair] = line.split(';');
			const at = pair.indexOf('=');
			jar.set(pair.slice(0, at), pair.slice(at + 1));
		}
		return response;
	};
	return {
		cookie,
		get: (pathname) => send(pathname, { method: 'GET' }),
		post: (pathname, fields) =>
			send(pathname, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
				body: new URLSearchParams(fields).toString()
			})
	};
}

/** Signs up the first (admin) account; it opens the gatherings. */
export async function signUpHost(base) {
	const host = browser(base);
	const response = await host.post('/signup', { name: 'Bench', email: 'bench@example.org', password: 'a long enough password' });
	if (response.status !== 303) throw new Error(`sign-up failed: ${response.status}`);
	return host;
}

export async function openGathering(host, title = 'Bench') {
	const created = await host.post('/gatherings/new', { title, dotsPerParticipant: '3', maxDotsPerTopic: '2' });
	if (created.status !== 303) throw new Error(`creating a gathering failed: ${created.status}`);
	const id = created.headers.location.slice(3);
	const page = (await host.get(`/g/${id}`)).body.toString();
	return { id, code: /\/j\/([2-9A-Z]{6})/.exec(page)[1] };
}

// Below the production limit of 120 joins per address per 10 minutes.
const JOINS_PER_ADDRESS = 100;

/**
 * Lets `count` people join the gathering with `code`, `concurrency` at a time, each address
 * used for at most JOINS_PER_ADDRESS joins. Pass the same `state` to every call against one
 * server process: the server's limiter counts per address for the life of the process.
 */
export async function joinMany(base, code, count, { state = { joined: 0 }, concurrency = 8, namePrefix = 'Phone' } = {}) {
	const cookies = new Array(count);
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const i = next++;
			const n = state.joined++;
			const k = Math.floor(n / JOINS_PER_ADDRESS);
			const address = `127.0.${Math.floor(k / 250)}.${2 + (k % 250)}`;
			const person = browser(base, address);
			const response = await person.post(`/j/${code}?/join`, { name: `${namePrefix} ${i + 1}` });
			if (response.status !== 303) throw new Error(`join ${i} failed: ${response.status} ${response.body}`);
			cookies[i] = person.cookie();
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return cookies;
}

/** The stock y-websocket client with a session cookie on its handshake, BroadcastChannel off. */
export function connectPhone(serverUrl, room, cookie) {
	class CookieWebSocket extends WebSocket {
		constructor(url, protocols) {
			super(url, protocols, cookie ? { headers: { cookie } } : {});
		}
	}
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(serverUrl, room, doc, { WebSocketPolyfill: CookieWebSocket, disableBc: true });
	const synced = new Promise((resolve) => {
		if (provider.synced) resolve();
		else provider.on('sync', (isSynced) => isSynced && resolve());
	});
	return {
		doc,
		provider,
		synced,
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}

/** Our server's realtime endpoint for `connectPhone`. */
export const realtimeUrl = (base) => base.replace(/^http/, 'ws') + '/realtime';

export async function sendCommand(base, gatheringId, cookie, id, type, args) {
	const response = await fetch(`${base}/api/gatherings/${gatheringId}/commands`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie },
		body: JSON.stringify({ id, type, args })
	});
	const body = await response.text();
	if (response.status !== 200) throw new Error(`command ${type}: ${response.status} ${body}`);
}
