/**
 * What the benchmarks share: the production server on a temporary embedded database (the
 * launcher the tests use, tests/helpers/production-server.mjs), people signing up, opening
 * gatherings and joining them over HTTP as browsers do, phones on the stock y-websocket
 * client, process figures from /proc, and the `name: value unit` lines.
 *
 * Clocks: every timestamp that crosses a process boundary is `now()`, i.e. CLOCK_MONOTONIC
 * through process.hrtime. On Linux that clock is one for the whole machine, so a time taken
 * in a phone process can be subtracted from one taken in the process that sent the command.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { percentile } from '../tests/helpers/percentile.mjs';

// The server, the command client and the percentile are the ones the tests use.
export { root, startListening, startServer } from '../tests/helpers/production-server.mjs';
export { sendAcknowledged, sendCommand } from '../tests/helpers/command-client.mjs';
export { percentile };

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
