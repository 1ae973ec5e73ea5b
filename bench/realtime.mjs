#!/usr/bin/env node
/**
 * `npm run bench:realtime`: fan-out of board changes to phones, ours against the upstream
 * y-websocket server.
 *
 * Ours: the production server on a prepared embedded database. Phones are stock y-websocket
 * clients on read-only connections, run in separate phone processes (realtime-phones.mjs) so
 * the load generator does not share an event loop with the server. Per gathering:
 *   - command: a phone sends addTopic over HTTP (validated, committed, then broadcast);
 *     measured from just before the request to the topic being in the doc of every phone;
 *   - write: the facilitator's write connection sets the same kind of topic entry directly
 *     (the raw Yjs update path, still committed before it is broadcast).
 * Reference: `@y/websocket-server` (reference-server.mjs, in memory, no auth), the same phones
 * and the same direct write by one writer client.
 * Each gathering sends its changes one after another (the next after the last phone got the
 * previous one, plus --gap ms); in the many-gatherings run all gatherings do so at once.
 * Each run gets a fresh server process; server RSS is sampled every 200 ms; CPU time and
 * write system calls are counted per phase (connecting, commands, direct writes).
 *
 * Options: --phones 50,150,300 --many 40x50 --commands 100 --many-commands 20 --gap 20
 *          --workers <cores> --cpu-prof (writes both servers' CPU profiles to a temp folder)
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
	connectPhone,
	figure,
	joinMany,
	now,
	openGathering,
	option,
	percentile,
	printLatencies,
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
const SIZES = option('phones', '50,150,300').split(',').filter(Boolean).map(Number);
const [MANY_GATHERINGS, MANY_PHONES] = option('many', '40x50').split('x').map(Number);
const COMMANDS = option('commands', 100);
const MANY_COMMANDS = option('many-commands', 20);
const GAP_MS = option('gap', 20);
const WORKERS = option('workers', os.cpus().length);
const WARM_UP = 3;
const ARRIVAL_TIMEOUT_MS = 60_000;
const profileDir = process.argv.includes('--cpu-prof') ? mkdtempSync(path.join(os.tmpdir(), 'opentafel-prof-')) : null;

/** One database with every gathering and every phone's session, so runs only connect. */
async function prepare() {
	const server = await startServer();
	const host = await signUpHost(server.url);
	const state = { joined: 0 };
	const gathering = async (title, phones) => {
		const g = await openGathering(host, title);
		return { id: g.id, cookies: await joinMany(server.url, g.code, phones, { state }) };
	};
	const scenarios = [];
	for (const n of SIZES) scenarios.push({ name: `gathering-${n}`, count: COMMANDS, gatherings: [await gathering(`One of ${n}`, n)] });
	if (MANY_GATHERINGS > 0) {
		const gatherings = [];
		for (let i = 0; i < MANY_GATHERINGS; i++) gatherings.push(await gathering(`Town hall table ${i + 1}`, MANY_PHONES));
		scenarios.push({ name: `gatherings-${MANY_GATHERINGS}x${MANY_PHONES}`, count: MANY_COMMANDS, gatherings });
	}
	const hostCookie = host.cookie();
	await server.stop({ keepData: true });
	return { dataDir: server.dataDir, hostCookie, scenarios };
}

/** Forks the phone processes, spreads every gathering's phones over them, waits until all synced. */
async function startPhones(serverUrl, scenario, withCookies) {
	const waiting = new Map();
	let stoppedCpu = 0;
	let disconnects = 0;
	const workers = Array.from({ length: WORKERS }, () => fork(new URL('./realtime-phones.mjs', import.meta.url)));
	const assigned = workers.map(() => []);
	const coveredBy = new Map();
	for (const g of scenario.gatherings) {
		g.cookies.forEach((cookie, i) => assigned[i % WORKERS].push({ room: g.id, cookie: withCookies ? cookie : null }));
		coveredBy.set(g.id, Math.min(WORKERS, g.cookies.length));
	}
	const ready = workers.map(
		(worker, i) =>
			new Promise((resolve, reject) => {
				worker.on('message', (message) => {
					if (message.type === 'ready') resolve(message.ms);
					if (message.type === 'stopped') {
						stoppedCpu += message.cpuSeconds;
						disconnects += message.disconnects;
					}
					if (message.type !== 'arrived') return;
					const entry = waiting.get(`${message.room}\n${message.key}`);
					if (!entry) return;
					entry.last = Math.max(entry.last, message.last);
					if (--entry.remaining === 0) entry.resolve(entry.last);
				});
				worker.once('exit', (code) => code && reject(new Error(`phone process exited with ${code}`)));
				worker.send({ type: 'connect', serverUrl, phones: assigned[i] });
			})
	);
	const connectMs = Math.max(...(await Promise.all(ready)));
	return {
		connectMs,
		/** Resolves with the time the last phone of `room` had `key`; register before sending. */
		arrival(room, key) {
			return new Promise((resolve, reject) => {
				const id = `${room}\n${key}`;
				const timer = setTimeout(() => reject(new Error(`${key} did not reach every phone in ${ARRIVAL_TIMEOUT_MS} ms`)), ARRIVAL_TIMEOUT_MS);
				waiting.set(id, {
					remaining: coveredBy.get(room),
					last: 0,
					resolve: (at) => {
						clearTimeout(timer);
						waiting.delete(id);
						resolve(at);
					}
				});
			});
		},
		async stop() {
			await Promise.all(workers.map((w) => new Promise((resolve) => (w.once('exit', resolve), w.send({ type: 'stop' })))));
			return { cpuSeconds: stoppedCpu, disconnects };
		}
	};
}

/** A topic entry shaped like the one addTopic writes, for the direct writes. */
const topicLike = (id, n) => ({
	id,
	title: `Written topic ${n}`,
	details: '',
	authorId: 'bench',
	authorName: 'Bench',
	coAuthors: [],
	createdAt: Date.now(),
	status: 'open',
	hidden: false,
	pin: null,
	outcome: '',
	merge: null
});

/**
 * Every gathering at once: `count` changes each, one after another. Returns send → last
 * phone per change, and the rate all gatherings together achieved.
 */
async function measure(scenario, phones, act) {
	const latencies = [];
	const started = now();
	await Promise.all(
		scenario.gatherings.map(async (g) => {
			for (let n = 0; n < WARM_UP + scenario.count; n++) {
				const key = randomUUID();
				const arrived = phones.arrival(g.id, key);
				const sent = now();
				const [last] = await Promise.all([arrived, act(g, n, key)]);
				if (n >= WARM_UP) latencies.push(last - sent);
				await sleep(GAP_MS);
			}
		})
	);
	latencies.perSecond = (scenario.gatherings.length * (WARM_UP + scenario.count)) / ((now() - started) / 1000);
	return latencies;
}

/** One run on one server: phones connect, then commands (ours only) and direct writes. */
async function run(server, serverUrl, scenario, { writerCookie, commands }) {
	const stopSampling = sampleRss(server.pid);
	// Server CPU and write system calls per phase: connecting, commands, direct writes.
	let mark = processStats(server.pid);
	const phase = () => {
		const now = processStats(server.pid);
		const spent = { cpuSeconds: now.cpuSeconds - mark.cpuSeconds, writes: now.writes - mark.writes };
		mark = now;
		return spent;
	};
	const phones = await startPhones(serverUrl, scenario, commands);
	const writers = new Map();
	for (const g of scenario.gatherings) writers.set(g.id, connectPhone(serverUrl, g.id, writerCookie));
	await Promise.all([...writers.values()].map((w) => w.synced));
	const result = { connectMs: phones.connectMs, phases: { connect: phase() } };
	result.rssConnected = mark.rssMb;
	if (commands) {
		result.command = await measure(scenario, phones, (g, n, key) =>
			sendAcknowledged(server.url, g.id, g.cookies[n % g.cookies.length], 'addTopic', { title: `Topic ${n}` }, key)
		);
		result.phases.command = phase();
	}
	result.write = await measure(scenario, phones, (g, n, key) => writers.get(g.id).doc.getMap('topics').set(key, topicLike(key, n)));
	result.phases.write = phase();
	result.rssPeak = stopSampling();
	for (const w of writers.values()) w.destroy();
	const load = await phones.stop();
	result.phonesCpu = load.cpuSeconds;
	result.disconnects = load.disconnects;
	return result;
}

function report(name, result) {
	figure(`${name}.connect-all-phones`, result.connectMs, 'ms');
	if (result.command) {
		printLatencies(`${name}.command-to-all-phones`, result.command);
		figure(`${name}.commands-per-second`, result.command.perSecond, 'commands/s');
	}
	printLatencies(`${name}.write-to-all-phones`, result.write);
	figure(`${name}.writes-per-second`, result.write.perSecond, 'writes/s');
	figure(`${name}.server-rss-connected`, result.rssConnected, 'MB');
	figure(`${name}.server-rss-peak`, result.rssPeak, 'MB');
	const phases = Object.values(result.phases);
	figure(`${name}.server-cpu`, phases.reduce((sum, p) => sum + p.cpuSeconds, 0), 's');
	for (const [phase, spent] of Object.entries(result.phases)) {
		figure(`${name}.server-cpu-${phase}`, spent.cpuSeconds, 's');
		figure(`${name}.server-write-syscalls-${phase}`, spent.writes, 'calls');
	}
	figure(`${name}.phone-processes-cpu`, result.phonesCpu, 's');
	figure(`${name}.phone-disconnects`, result.disconnects, 'disconnects');
}

printMachine();
figure('realtime.phone-processes', WORKERS, 'processes');
const prepared = await prepare();
try {
	for (const scenario of prepared.scenarios) {
		const phones = scenario.gatherings.reduce((sum, g) => sum + g.cookies.length, 0);
		figure(`realtime.${scenario.name}.phones`, phones, 'phones');
		figure(`realtime.${scenario.name}.changes-per-gathering`, scenario.count, 'changes');

		const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
		const ours = await startServer({ dataDir: prepared.dataDir, nodeArgs });
		const oursResult = await run(ours, realtimeUrl(ours.url), scenario, { writerCookie: prepared.hostCookie, commands: true }).finally(() => ours.stop({ keepData: true }));
		report(`realtime.${scenario.name}.ours`, oursResult);

		const reference = await startListening([...nodeArgs, new URL('./reference-server.mjs', import.meta.url).pathname]);
		const referenceResult = await run(reference, realtimeUrl(reference.url), scenario, { writerCookie: null, commands: false }).finally(() => reference.stop());
		report(`realtime.${scenario.name}.reference`, referenceResult);

		for (const p of [50, 95]) {
			const ref = percentile(referenceResult.write, p);
			figure(`realtime.${scenario.name}.ours-command-over-reference.p${p}`, percentile(oursResult.command, p) / ref, 'x');
			figure(`realtime.${scenario.name}.ours-write-over-reference.p${p}`, percentile(oursResult.write, p) / ref, 'x');
		}
	}
} finally {
	rmSync(prepared.dataDir, { recursive: true, force: true });
}
if (profileDir) console.log(`realtime.cpu-profiles: ${profileDir}`);
