#!/usr/bin/env node
/**
 * `npm run bench:storm`: a hall reconnecting at once. The venue's Wi-Fi drops for a moment:
 * every phone's socket closes together and every phone connects again within a second.
 *
 * Per scenario (one gathering of --phones, and --many gatherings × phones) and per setup:
 *   - ours on one node: the production server on the embedded database, as installed by default;
 *   - ours on --nodes nodes: PostgreSQL (a scratch database), a private Redis and the nodes
 *     behind nginx run with deploy/nginx.conf itself; phones and commands go through nginx;
 *   - the reference: `@y/websocket-server` (reference-server.mjs: in memory, no auth, no
 *     durability) with the same number of stock clients.
 * Phones are stock y-websocket clients (BroadcastChannel off) in separate processes
 * (realtime-phones.mjs). Each gathering also has its facilitator's console connected, which
 * stays connected through the storm (a laptop on the wire, or the projector's).
 * Once every phone is synced: all sockets close at once; after --pause ms every phone connects
 * again at a random moment within --spread ms (the storm starts then). One second into the
 * storm, --commands changes are sent, one every 100 ms spread over the gatherings — ours as
 * addTopic commands over HTTP, the reference as direct writes by the console — and each is
 * timed from send until every phone of its gathering has it.
 * Printed: time from the storm's start until every phone had the board again (and the median
 * phone), the changes' send → every phone (p50/p95/p99), server CPU per reconnect (all the
 * servers' CPU during the storm, over the phones), and the servers' RSS.
 *
 * Options: --phones 1000 --many 40x50 --nodes 3 (0: one node only) --spread 1000 --pause 1000
 *          --commands 10 --workers <cores>
 * The three-node setup needs PostgreSQL at TEST_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test), and redis-server and nginx on the PATH.
 */
import { spawn, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { createScratchDatabase } from '../tests/helpers/scratch-postgres.mjs';
import { freePort, startNginx } from '../tests/helpers/nginx.mjs';
import {
	connectPhone,
	figure,
	joinMany,
	now,
	openGathering,
	option,
	percentile,
	printMachine,
	processStats,
	realtimeUrl,
	sampleRss,
	sendAcknowledged,
	signUpHost,
	sleep,
	startListening,
	startServer
} from './harness.mjs';

process.setMaxListeners(0);
const PHONES = option('phones', 1000);
const [MANY_GATHERINGS, MANY_PHONES] = option('many', '40x50').split('x').map(Number);
const NODES = option('nodes', 3);
const SPREAD_MS = option('spread', 1000);
const PAUSE_MS = option('pause', 1000);
const COMMANDS = option('commands', 10);
const COMMAND_GAP_MS = 100;
const COMMANDS_FROM_MS = 1000;
const WORKERS = option('workers', os.cpus().length);
const TIMEOUT_MS = 120_000;

const SCENARIOS = [{ name: `gathering-${PHONES}`, sizes: [PHONES] }];
if (MANY_GATHERINGS > 0) SCENARIOS.push({ name: `gatherings-${MANY_GATHERINGS}x${MANY_PHONES}`, sizes: Array(MANY_GATHERINGS).fill(MANY_PHONES) });

/** Gatherings and the people in them, joined over `url` (for ours; the reference needs only ids). */
async function people(url, sizes) {
	const host = await signUpHost(url);
	const state = { joined: 0 };
	const gatherings = [];
	for (const [i, n] of sizes.entries()) {
		const g = await openGathering(host, `Storm ${i + 1}`);
		gatherings.push({ id: g.id, cookies: await joinMany(url, g.code, n, { state }) });
	}
	return { hostCookie: host.cookie(), gatherings };
}

/** The phone processes: connect, drop, reconnect, and arrivals of changes, as realtime-phones.mjs reports them. */
function phoneProcesses(wsUrl, gatherings) {
	const workers = Array.from({ length: WORKERS }, () => fork(new URL('./realtime-phones.mjs', import.meta.url)));
	const assigned = workers.map(() => []);
	const coveredBy = new Map();
	for (const g of gatherings) {
		g.cookies.forEach((cookie, i) => assigned[i % WORKERS].push({ room: g.id, cookie }));
		coveredBy.set(g.id, Math.min(WORKERS, g.cookies.length));
	}
	const waiting = new Map();
	const replies = new Map();
	for (const worker of workers) {
		worker.on('message', (message) => {
			if (message.type === 'arrived') {
				const entry = waiting.get(`${message.room}\n${message.key}`);
				if (entry) {
					entry.last = Math.max(entry.last, message.last);
					if (--entry.remaining === 0) entry.resolve(entry.last);
				}
				return;
			}
			replies.get(worker)?.(message);
		});
	}
	const ask = (message, answer) =>
		Promise.all(
			workers.map(
				(worker, i) =>
					new Promise((resolve, reject) => {
						const timer = setTimeout(() => reject(new Error(`phones did not answer ${message.type}`)), TIMEOUT_MS);
						replies.set(worker, (reply) => {
							if (reply.type !== answer) return;
							clearTimeout(timer);
							replies.delete(worker);
							resolve(reply);
						});
						worker.send(typeof message === 'function' ? message(i) : message);
					})
			)
		);
	return {
		connect: () => ask((i) => ({ type: 'connect', serverUrl: wsUrl, phones: assigned[i] }), 'ready'),
		drop: () => ask({ type: 'drop' }, 'dropped'),
		reconnect: (at) => ask({ type: 'reconnect', at, spreadMs: SPREAD_MS }, 'resynced'),
		arrival(room, key) {
			return new Promise((resolve, reject) => {
				const id = `${room}\n${key}`;
				const timer = setTimeout(() => reject(new Error(`${key} did not reach every phone in ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
				waiting.set(id, { remaining: coveredBy.get(room), last: 0, resolve: (at) => (clearTimeout(timer), waiting.delete(id), resolve(at)) });
			});
		},
		/** Resolves with the phone processes' CPU seconds and how often a phone's socket closed. */
		stop: async () => {
			const stopped = await ask({ type: 'stop' }, 'stopped');
			return { cpu: stopped.reduce((sum, s) => sum + s.cpuSeconds, 0), disconnects: stopped.reduce((sum, s) => sum + s.disconnects, 0) };
		}
	};
}

/** A topic entry like the one addTopic writes, for the reference's direct writes. */
const topicLike = (id) => ({ id, title: `Written ${id}`, details: '', authorId: 'bench', authorName: 'Bench', coAuthors: [], createdAt: Date.now(), status: 'open', hidden: false, pin: null, outcome: '', merge: null });

/**
 * One storm against servers `pids`, reached at `url`. `change(g, n, key)` sends one change.
 * The consoles stay connected throughout.
 */
async function storm({ url, pids, gatherings, consoleCookie, change }) {
	const phones = phoneProcesses(realtimeUrl(url), gatherings);
	await phones.connect();
	const consoles = gatherings.map((g) => connectPhone(realtimeUrl(url), g.id, consoleCookie));
	await Promise.all(consoles.map((c) => c.synced));
	await sleep(1500);
	const samplers = pids.map((pid) => sampleRss(pid));
	const cpuBefore = pids.map((pid) => processStats(pid).cpuSeconds);
	await phones.drop();
	await sleep(PAUSE_MS);
	const start = now() + 50;
	const resynced = phones.reconnect(start);
	await sleep(Math.max(0, start + COMMANDS_FROM_MS - now()));
	const latencies = [];
	const sends = [];
	for (let n = 0; n < COMMANDS; n++) {
		const g = gatherings[n % gatherings.length];
		const key = randomUUID();
		const arrived = phones.arrival(g.id, key);
		const sent = now();
		// Settled here, so a refused change is reported after the storm instead of ending the process mid-way.
		sends.push(Promise.all([arrived, change(g, n, key, consoles[n % gatherings.length])]).then(([last]) => void latencies.push(last - sent), (error) => error));
		await sleep(COMMAND_GAP_MS);
	}
	const times = (await resynced).flatMap((r) => r.times).map((t) => t - start);
	const failed = (await Promise.all(sends)).filter((outcome) => outcome instanceof Error);
	if (failed.length) throw new Error(`${failed.length} of ${COMMANDS} changes failed; the first: ${failed[0].message}`);
	const cpu = pids.reduce((sum, pid, i) => sum + processStats(pid).cpuSeconds - cpuBefore[i], 0);
	const rss = samplers.map((stop) => stop());
	for (const c of consoles) c.destroy();
	const { cpu: phonesCpu, disconnects } = await phones.stop();
	return { syncedMs: Math.max(...times), medianSyncedMs: percentile(times, 50), latencies, cpuPerPhoneMs: (cpu * 1000) / times.length, cpu, rss, phonesCpu, disconnects };
}

function report(name, r) {
	figure(`${name}.all-phones-synced`, r.syncedMs, 'ms');
	figure(`${name}.median-phone-synced`, r.medianSyncedMs, 'ms');
	for (const p of [50, 95, 99]) figure(`${name}.change-to-all-phones.p${p}`, percentile(r.latencies, p), 'ms');
	figure(`${name}.server-cpu`, r.cpu, 's');
	figure(`${name}.server-cpu-per-reconnect`, r.cpuPerPhoneMs, 'ms');
	figure(`${name}.server-rss-peak`, Math.max(...r.rss), 'MB');
	figure(`${name}.phone-processes-cpu-whole-run`, r.phonesCpu, 's');
	// The storm itself closes each phone's socket once; more is phones refused or cut while reconnecting.
	figure(`${name}.phone-socket-closes`, r.disconnects, 'closes');
}

function redisServer(port) {
	const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
	return { url: `redis://127.0.0.1:${port}`, stop: () => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))) };
}

/** N nodes on a scratch PostgreSQL with a private Redis, behind nginx (deploy/nginx.conf). */
async function cluster(count) {
	const database = await createScratchDatabase({ prefix: 'ot_storm_' });
	const redis = redisServer(await freePort());
	const nginxPort = await freePort();
	const url = `http://127.0.0.1:${nginxPort}`;
	const env = { ORIGIN: url, ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' };
	const nodes = [await startServer({ name: 'storm-1', databaseUrl: database.url, redisUrl: redis.url, env })];
	for (let i = 2; i <= count; i++) nodes.push(await startServer({ name: `storm-${i}`, databaseUrl: database.url, redisUrl: redis.url, env }));
	const nginx = await startNginx(nodes.map((n) => n.port), nginxPort);
	return {
		url,
		pids: nodes.map((n) => n.pid),
		logs: () => [...nodes.map((n, i) => `--- node ${i + 1}\n${n.output().slice(-3000)}`), `--- nginx\n${nginx.errorLog().slice(-3000)}`].join('\n'),
		async stop() {
			await nginx.stop();
			await Promise.all(nodes.map((n) => n.stop()));
			await redis.stop();
			await database.drop();
		}
	};
}

printMachine();
figure('storm.phone-processes', WORKERS, 'processes');
figure('storm.reconnect-spread', SPREAD_MS, 'ms');
for (const scenario of SCENARIOS) {
	const total = scenario.sizes.reduce((a, b) => a + b, 0);
	figure(`storm.${scenario.name}.phones`, total, 'phones');
	const results = {};

	const single = await startServer();
	try {
		const { hostCookie, gatherings } = await people(single.url, scenario.sizes);
		const change = (g, n, key) => sendAcknowledged(single.url, g.id, g.cookies[n % g.cookies.length], 'addTopic', { title: `Storm topic ${n}` }, key);
		results.one = await storm({ url: single.url, pids: [single.pid], gatherings, consoleCookie: hostCookie, change });
		report(`storm.${scenario.name}.ours-1-node`, results.one);
	} finally {
		await single.stop();
	}

	if (NODES > 1) {
		const nodes = await cluster(NODES);
		try {
			const { hostCookie, gatherings } = await people(nodes.url, scenario.sizes);
			const change = (g, n, key) => sendAcknowledged(nodes.url, g.id, g.cookies[n % g.cookies.length], 'addTopic', { title: `Storm topic ${n}` }, key);
			results.many = await storm({ url: nodes.url, pids: nodes.pids, gatherings, consoleCookie: hostCookie, change }).catch((error) => {
				// Reported, not thrown: the reference still runs. The nodes' CPU and nginx's log tell an overloaded node from a dead one.
				figure(`storm.${scenario.name}.ours-${NODES}-nodes.failed`, error.message.split('\n')[0], '');
				for (const [i, pid] of nodes.pids.entries()) figure(`storm.${scenario.name}.ours-${NODES}-nodes.node-${i + 1}-cpu-since-start`, processStats(pid).cpuSeconds, 's');
				console.error(nodes.logs());
				return null;
			});
			if (results.many) report(`storm.${scenario.name}.ours-${NODES}-nodes`, results.many);
		} finally {
			await nodes.stop();
		}
	}

	const reference = await startListening([new URL('./reference-server.mjs', import.meta.url).pathname]);
	try {
		const gatherings = scenario.sizes.map((n) => ({ id: randomUUID(), cookies: Array(n).fill(null) }));
		const change = async (_g, _n, key, console) => console.doc.getMap('topics').set(key, topicLike(key));
		results.reference = await storm({ url: reference.url, pids: [reference.pid], gatherings, consoleCookie: null, change });
		report(`storm.${scenario.name}.reference`, results.reference);
	} finally {
		await reference.stop();
	}
	for (const [key, label] of [['one', 'ours-1-node'], ['many', `ours-${NODES}-nodes`]]) {
		if (!results[key]) continue;
		figure(`storm.${scenario.name}.${label}-synced-over-reference`, results[key].syncedMs / results.reference.syncedMs, 'x');
		figure(`storm.${scenario.name}.${label}-cpu-per-reconnect-over-reference`, results[key].cpuPerPhoneMs / results.reference.cpuPerPhoneMs, 'x');
	}
}
