#!/usr/bin/env node
/**
 * `npm run bench:footprint`: what starting the production server costs in time and memory.
 *
 * Each run starts `node server.js` on an empty DATA_DIR (the first start of an installation:
 * the embedded database is created), waits until `/readyz` answers 200, stays idle, stops it
 * with SIGTERM, then starts it again on the same directory (a normal restart) and does the
 * same. For each start it prints
 *   - the time from spawning the process to the first 200 from `/readyz`, and the CPU time
 *     the process used until then (all its threads; less at the mercy of other load),
 *   - the peak resident memory of the process until then (VmHWM in /proc/<pid>/status, which
 *     the kernel keeps, so no peak between two samples is missed),
 *   - the resident memory after `--idle-s` seconds of idling (VmRSS),
 * each with the date and the machine's load average at the time, and the median over the runs.
 * Options: --runs 3 --idle-s 5.
 */
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { figure, now, option, percentile, printMachine, root, sleep } from './harness.mjs';

const RUNS = option('runs', 3);
const IDLE_MS = option('idle-s', 5) * 1000;
const READY_POLL_MS = 10;
const START_TIMEOUT_MS = 60_000;

function memory(pid) {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const mb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
	return { rssMb: mb('VmRSS'), peakMb: mb('VmHWM') };
}

// USER_HZ; 100 on every mainstream Linux build.
const CLOCK_TICKS = 100;
/** CPU seconds (user + system, all threads) the process used so far: less at the mercy of the load than wall time. */
function cpuSeconds(pid) {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

const stamp = () => `${new Date().toISOString()} load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;

/** Spawns the server on `dataDir` and resolves once /readyz says 200, with time and memory. */
async function start(dataDir) {
	const started = now();
	const child = spawn(process.execPath, ['server.js'], {
		cwd: root,
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ORIGIN: '', DATABASE_URL: '', REDIS_URL: '', LOG_FORMAT: '' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
	let url = null;
	while (!url) {
		if (child.exitCode !== null || child.signalCode) throw new Error(`server.js exited:\n${output}`);
		if (now() - started > START_TIMEOUT_MS) throw new Error(`server.js did not listen within ${START_TIMEOUT_MS} ms:\n${output}`);
		url = /listening on (http:\/\/\S+)/.exec(output)?.[1]?.replace('localhost', '127.0.0.1') ?? null;
		if (!url) await sleep(READY_POLL_MS);
	}
	for (;;) {
		const status = await fetch(`${url}/readyz`).then((r) => r.status, () => 0);
		if (status === 200) break;
		if (now() - started > START_TIMEOUT_MS) throw new Error(`/readyz did not answer 200 within ${START_TIMEOUT_MS} ms`);
		await sleep(READY_POLL_MS);
	}
	const readyMs = now() - started;
	const { peakMb } = memory(child.pid);
	const cpuS = cpuSeconds(child.pid);
	const at = stamp();
	await sleep(IDLE_MS);
	const idle = memory(child.pid);
	child.kill('SIGTERM');
	const code = await exited;
	if (code !== 0) throw new Error(`server.js ended with ${code} on SIGTERM:\n${output}`);
	return { readyMs, cpuS, peakMb, idleRssMb: idle.rssMb, at };
}

printMachine();
figure('footprint.started', stamp(), '');
const results = { first: [], restart: [] };
for (let run = 1; run <= RUNS; run++) {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'opentafel-footprint-'));
	try {
		for (const kind of /** @type {const} */ (['first', 'restart'])) {
			const r = await start(dataDir);
			results[kind].push(r);
			const name = kind === 'first' ? 'first-start' : 'restart';
			console.log(`# run ${run}, ${name === 'first-start' ? 'first start on an empty DATA_DIR' : 'normal restart on the same DATA_DIR'}: ${r.at}`);
			figure(`footprint.${name}.ready`, r.readyMs, 'ms');
			figure(`footprint.${name}.cpu-until-ready`, r.cpuS, 's');
			figure(`footprint.${name}.peak-rss`, r.peakMb, 'MB');
			figure(`footprint.${name}.idle-rss`, r.idleRssMb, 'MB');
		}
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
}
console.log(`# median of ${RUNS} run(s), idle after ${IDLE_MS / 1000} s: ${stamp()}`);
for (const [kind, name] of /** @type {const} */ ([['first', 'first-start'], ['restart', 'restart']])) {
	figure(`footprint.${name}.ready.median`, percentile(results[kind].map((r) => r.readyMs), 50), 'ms');
	figure(`footprint.${name}.cpu-until-ready.median`, percentile(results[kind].map((r) => r.cpuS), 50), 's');
	figure(`footprint.${name}.peak-rss.median`, percentile(results[kind].map((r) => r.peakMb), 50), 'MB');
	figure(`footprint.${name}.idle-rss.median`, percentile(results[kind].map((r) => r.idleRssMb), 50), 'MB');
}
