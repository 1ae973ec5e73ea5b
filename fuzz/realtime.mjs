#!/usr/bin/env node
/**
 * `npm run fuzz:realtime`: hostile frames of every kind against the realtime endpoint of the
 * production server, from every kind of connection, measured from outside.
 *
 * The server is `node server.js` on a temporary embedded database (setup.mjs prepares the
 * people and a hostile board). Frames (frames.mjs, yjs-updates.mjs) go out one after another
 * over a pool of sockets — guests on read-only connections, the note-taker and the
 * facilitator on write connections — in the y-websocket protocol, structured and then
 * sometimes blindly mutated. A seeded generator makes the frame sequence reproducible:
 * `--seed` repeats a run, `--frames` sets its length. Answers from the server are not
 * checked frame by frame; what counts is that the process lives, keeps its event loop
 * moving, keeps its memory, and keeps serving the bystander gathering (watch-worker.mjs).
 *
 * Figures, as `name: value unit` lines: frames sent, crashes (and the kinds of the frames that
 * a replay finds to kill the server on their own), sockets the server closed by close code, the worst
 * /healthz latency (an event-loop stall seen from outside) and the server's own event-loop
 * figures when /metrics has them, RSS at the start and end and its growth, and the
 * bystander phone's probe latencies during and after the run.
 *
 * Exit code 1 when the server crashed, or when a generous bound was crossed (a stall over
 * STALL_BOUND_MS, RSS growth over RSS_GROWTH_BOUND_MB, the bystander not served after the run).
 *
 * Options: --seed <n> --frames 5000 --max-crashes 10 --replay 8
 *          --only / --skip <family or family/variant, comma-separated>, e.g.
 *          --only sync-update/delete-deleted-runs, or --skip sync-step1,awareness/deep-json
 *          to measure stalls and memory past the frames that crash the server today.
 */
import { rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import * as prng from 'lib0/prng';
import { figure, now, option, percentile, printMachine, processStats, sleep, startServer } from '../bench/harness.mjs';
import { frameSource } from './frames.mjs';
import { eventLoopFigures } from './metrics.mjs';
import { Session, watched } from './session.mjs';
import { makeBoardHostile, setUpPeople } from './setup.mjs';
import { SocketPool, sendFrame } from './sockets.mjs';

process.setMaxListeners(0);
const SEED = option('seed', Math.floor(Math.random() * 2 ** 31));
const FRAMES = option('frames', 5_000);
const MAX_CRASHES = option('max-crashes', 10);
const REPLAY = option('replay', 8);
const list = (name) => option(name, '').split(',').filter(Boolean);
const ONLY = list('only');
const SKIP = list('skip');
/** Bounds for pass/fail, deliberately generous: the figures themselves are what to read. */
const STALL_BOUND_MS = 10_000;
const RSS_GROWTH_BOUND_MB = 1_024;
const ROLES = [
	['guest', 6],
	['note-taker', 2],
	['facilitator', 2]
];
const SOCKETS_PER_ROLE = 3;
const CONTEXT_REFRESH_FRAMES = 250;
const RECENT_FRAMES_KEPT = 16;
const STALLS_EXPLAINED = 5;
/** A stall is blamed on frames sent from this long before the stalled poll began until it was answered. */
const STALL_WINDOW_BEFORE_MS = 100;
/** Time for the last frames' effects (a crash, a stall) to show before the end is measured. */
const SETTLE_MS = 1_500;

const gen = prng.create(SEED);
const pickRole = () => {
	let r = prng.int31(gen, 1, ROLES.reduce((n, [, w]) => n + w, 0));
	for (const [role, w] of ROLES) if ((r -= w) <= 0) return role;
};

const first = watched(await startServer());
const people = await setUpPeople(first.url);
await makeBoardHostile(first.url, people);
const pool = new SocketPool({ guest: people.guests, 'note-taker': [people.noteTaker], facilitator: [people.hostCookie] }, SOCKETS_PER_ROLE);
const watch = new Worker(new URL('./watch-worker.mjs', import.meta.url));
const session = new Session({ dataDir: first.dataDir, people, pool, watch });
await session.attach(first);
const rssFirstMb = session.rss.startMb;
watch.postMessage({ type: 'start', url: first.url, gathering: people.bystander, phoneCookie: people.bystanderPhone, hostCookie: people.hostCookie, topicId: people.probeTopic });

const next = frameSource(gen, { only: ONLY, skip: SKIP });
const counts = { sent: 0, dropped: 0, bytes: 0, openFailures: 0 };
const crashesByKind = new Map();
let crashes = 0;
let ctx = session.mirror.context();
let recent = [];
/** When each frame went out (the machine-wide clock the watcher uses too), to name the frames behind a stall. */
const sentAt = [];
const started = now();

async function afterCrash() {
	crashes++;
	const killers = await session.recover(recent, { seed: SEED, replay: REPLAY });
	for (const kind of killers.length ? killers : ['unattributed']) crashesByKind.set(kind, (crashesByKind.get(kind) ?? 0) + 1);
	recent = [];
	ctx = session.mirror.context();
}

for (let index = 0; index < FRAMES && crashes < MAX_CRASHES && !session.poisoned; index++) {
	if (index % CONTEXT_REFRESH_FRAMES === 0) ctx = session.mirror.context();
	const frame = next(ctx);
	const role = pickRole();
	const slot = prng.int31(gen, 0, SOCKETS_PER_ROLE - 1);
	let ws = null;
	try {
		ws = await session.pool.get(role, slot);
	} catch {
		counts.openFailures++;
	}
	if (ws && (await sendFrame(ws, frame))) {
		counts.sent++;
		counts.bytes += frame.bytes?.length ?? frame.text.length;
	} else if (ws) counts.dropped++;
	recent.push({ index, role, ...frame });
	sentAt.push({ at: now(), kind: frame.kind, role });
	if (recent.length > RECENT_FRAMES_KEPT) recent.shift();
	if (session.crash) await afterCrash();
}
await sleep(SETTLE_MS);
if (session.crash && !session.poisoned) await afterCrash();
if (session.poisoned) {
	// Nothing left to measure on a server that dies on connect; the crash figures say why.
	printMachine();
	figure('fuzz.realtime.seed', SEED, '');
	figure('fuzz.realtime.frames', counts.sent, 'frames');
	figure('fuzz.realtime.crashes', crashes, 'crashes');
	for (const [kind, n] of [...crashesByKind].sort()) figure(`fuzz.realtime.killed-by.${kind.replace(/[/+]/g, '.')}`, n, 'frames');
	console.error('FAIL: the server crashed, and its stored board now kills it on every connect');
	watch.terminate();
	process.exit(1);
}
const seconds = (now() - started) / 1000;

// The bystander once more, on a quiet server: is it still served?
const finalProbe = await new Promise((resolve) => {
	watch.once('message', (m) => resolve(m.ms));
	watch.postMessage({ type: 'probe-now' });
});
const report = await new Promise((resolve) => {
	watch.once('message', resolve);
	watch.postMessage({ type: 'report' });
});
watch.postMessage({ type: 'stop' });
const serverLoop = await eventLoopFigures(session.server.url);
const rssEndMb = processStats(session.server.pid).rssMb;
const rssGrowthMb = rssEndMb - session.rss.startMb;
// The server names each message that held its event loop over budget (kind, role, bytes, ms).
const slowMessages = session.server.output().split('\n').filter((line) => line.includes('held the event loop'));
await session.stop();
const peakRssMb = session.peakRssMb;
rmSync(session.dataDir, { recursive: true, force: true });

for (const line of slowMessages.slice(0, STALLS_EXPLAINED)) console.error(`SLOW ${line}`);
printMachine();
figure('fuzz.realtime.seed', SEED, '');
figure('fuzz.realtime.frames', counts.sent, 'frames');
figure('fuzz.realtime.frames-dropped', counts.dropped, 'frames');
figure('fuzz.realtime.megabytes-sent', counts.bytes / 2 ** 20, 'MB');
figure('fuzz.realtime.seconds', seconds, 's');
figure('fuzz.realtime.crashes', crashes, 'crashes');
// Frames that kill the server alone, found by replay (several may stand behind one crash).
for (const [kind, n] of [...crashesByKind].sort()) figure(`fuzz.realtime.killed-by.${kind.replace(/[/+]/g, '.')}`, n, 'frames');
figure('fuzz.realtime.server-restarts', session.restarts, 'restarts');
figure('fuzz.realtime.sockets-opened', pool.opened, 'sockets');
figure('fuzz.realtime.socket-open-failures', counts.openFailures, 'sockets');
for (const [code, n] of [...pool.closes].sort((a, b) => a[0] - b[0])) figure(`fuzz.realtime.closed-by-server.${code}`, n, 'sockets');
const health = report.healthz.latencies;
figure('fuzz.realtime.healthz.polls', health.length, 'requests');
figure('fuzz.realtime.healthz.errors', report.healthz.errors, 'requests');
if (health.length) {
	figure('fuzz.realtime.healthz.p50', percentile(health, 50), 'ms');
	figure('fuzz.realtime.healthz.p99', percentile(health, 99), 'ms');
}
const worstStallMs = health.length ? Math.max(...health) : 0;
figure('fuzz.realtime.worst-stall', worstStallMs, 'ms');
figure('fuzz.realtime.stalls-over-200ms', report.healthz.slow.length, 'polls');
for (const stall of report.healthz.slow.sort((a, b) => b.ms - a.ms).slice(0, STALLS_EXPLAINED)) {
	const during = sentAt.filter((f) => f.at >= stall.at - STALL_WINDOW_BEFORE_MS && f.at <= stall.at + stall.ms);
	console.error(`STALL ${Math.round(stall.ms)} ms at +${((stall.at - started) / 1000).toFixed(1)} s; frames sent meanwhile: ${during.map((f) => `${f.role} ${f.kind}`).join(', ') || 'none'}`);
}
for (const [name, value, unit] of serverLoop) figure(name, value, unit);
figure('fuzz.realtime.rss-start', rssFirstMb, 'MB');
figure('fuzz.realtime.rss-end', rssEndMb, 'MB');
figure('fuzz.realtime.rss-growth', rssGrowthMb, 'MB');
figure('fuzz.realtime.rss-peak', peakRssMb, 'MB');
const probes = report.probes.latencies;
figure('fuzz.realtime.bystander.probes', probes.length, 'commands');
figure('fuzz.realtime.bystander.missed', report.probes.misses, 'commands');
figure('fuzz.realtime.bystander.failed', report.probes.failures, 'commands');
if (probes.length) figure('fuzz.realtime.bystander.max', Math.max(...probes), 'ms');
figure('fuzz.realtime.bystander.after-run', finalProbe ?? 'missed', finalProbe === null ? '' : 'ms');

const failures = [];
if (crashes > 0) failures.push(`the server crashed ${crashes} time(s); the frames that did it are printed above (stderr)`);
if (worstStallMs > STALL_BOUND_MS) failures.push(`the event loop stalled ${Math.round(worstStallMs)} ms, over the bound of ${STALL_BOUND_MS} ms`);
if (rssGrowthMb > RSS_GROWTH_BOUND_MB) failures.push(`RSS grew ${Math.round(rssGrowthMb)} MB, over the bound of ${RSS_GROWTH_BOUND_MB} MB`);
if (finalProbe === null) failures.push('the bystander gathering’s phone did not get a command’s update after the run');
for (const reason of failures) console.error(`FAIL: ${reason}`);
process.exit(failures.length ? 1 : 0);
