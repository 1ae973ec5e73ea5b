#!/usr/bin/env node
/**
 * `npm run bench:commands`: commands per second and their latency when "acknowledged" means
 * "committed to the database". The production server runs in its own process; this process
 * keeps 1, 10 or 50 senders busy, each sending its next addTopic as soon as the previous one
 * is answered (closed loop), over keep-alive HTTP connections.
 *
 * Methodology:
 *   - Every run has its own gathering with one screen connected (the facilitator's console),
 *     so each commit is also broadcast, as in a real meeting.
 *   - Each person sends at most COMMANDS_PER_PERSON commands, the production rate limit's
 *     burst (20 per 10 s) and the cap on open topics per person; a run of C commands therefore
 *     uses C / 20 people, who joined beforehand from their own loopback addresses.
 *   - A short warm-up (not counted) lets the JIT and the connection pool settle.
 *   - commands/s = C / (last answer − first send).
 * Backends: the embedded database (PGlite, temporary folder) and, when TEST_DATABASE_URL is
 * set, PostgreSQL (a database with a random name there, dropped afterwards).
 * Options: --commands 1500 --senders 1,10,50 --cpu-prof (the server's CPU profiles, to a temp folder)
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createScratchDatabase } from '../tests/helpers/scratch-postgres.mjs';
import {
	connectPhone,
	figure,
	joinMany,
	now,
	openGathering,
	option,
	printLatencies,
	printMachine,
	processStats,
	realtimeUrl,
	sendAcknowledged,
	signUpHost,
	startServer
} from './harness.mjs';

const COMMANDS = option('commands', 1500);
const SENDERS = option('senders', '1,10,50').split(',').map(Number);
const COMMANDS_PER_PERSON = 20;
const WARM_UP = Math.min(40, COMMANDS);
const profileDir = process.argv.includes('--cpu-prof') ? mkdtempSync(path.join(os.tmpdir(), 'opentafel-prof-')) : null;
const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];

async function run(backend, server) {
	const host = await signUpHost(server.url);
	const joinState = { joined: 0 };
	for (const senders of SENDERS) {
		const gathering = await openGathering(host, `Commands ${senders}`);
		const people = await joinMany(server.url, gathering.code, Math.ceil((COMMANDS + WARM_UP) / COMMANDS_PER_PERSON), { state: joinState });
		const screen = connectPhone(realtimeUrl(server.url), gathering.id, host.cookie());
		await screen.synced;
		let next = 0;
		const latencies = [];
		const send = async (total, record) => {
			while (next < total) {
				const n = next++;
				const started = now();
				await sendAcknowledged(server.url, gathering.id, people[Math.floor(n / COMMANDS_PER_PERSON)], 'addTopic', { title: `Topic ${n}` });
				if (record) latencies.push(now() - started);
			}
		};
		await Promise.all(Array.from({ length: Math.min(senders, 4) }, () => send(WARM_UP, false)));
		const cpuBefore = processStats(server.pid).cpuSeconds;
		const started = now();
		await Promise.all(Array.from({ length: senders }, () => send(WARM_UP + COMMANDS, true)));
		const seconds = (now() - started) / 1000;
		const stats = processStats(server.pid);
		const name = `commands.${backend}.senders-${senders}`;
		figure(`${name}.throughput`, COMMANDS / seconds, 'commands/s');
		printLatencies(`${name}.latency`, latencies);
		figure(`${name}.server-cpu`, stats.cpuSeconds - cpuBefore, 's');
		figure(`${name}.server-rss`, stats.rssMb, 'MB');
		screen.destroy();
	}
}

printMachine();
figure('commands.per-run', COMMANDS, 'commands');

const pglite = await startServer({ nodeArgs });
try {
	await run('pglite', pglite);
} finally {
	await pglite.stop();
}

const adminUrl = process.env.TEST_DATABASE_URL;
if (adminUrl) {
	const database = await createScratchDatabase({ adminUrl, prefix: 'ot_bench_' });
	const server = await startServer({ databaseUrl: database.url, nodeArgs });
	try {
		await run('postgres', server);
	} finally {
		await server.stop();
		await database.drop();
	}
} else {
	figure('commands.postgres', 'skipped', '');
	console.error('Set TEST_DATABASE_URL to measure on PostgreSQL too.');
}
if (profileDir) console.log(`commands.cpu-profiles: ${profileDir}`);
