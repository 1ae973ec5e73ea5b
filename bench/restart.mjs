#!/usr/bin/env node
/**
 * `npm run bench:restart`: how long phones are without their board when the server process
 * dies (a bug outside every message boundary makes server.js log and exit; systemd restarts
 * it after `RestartSec`, read from deploy/opentafel@.service).
 *
 * Starts the production server on a temporary embedded database, lets N phones (the stock
 * y-websocket client) join and sync, kills the server with SIGKILL, starts it again on the
 * same port and data after RestartSec, and records for each phone the time from the kill
 * until it is synced again. Also prints how long the new process took to listen.
 * Options: --phones 50 --runs 3.
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {
	connectPhone,
	figure,
	joinMany,
	now,
	openGathering,
	option,
	percentile,
	printMachine,
	realtimeUrl,
	root,
	signUpHost,
	sleep,
	startServer
} from './harness.mjs';

process.setMaxListeners(0);
const PHONES = option('phones', 50);
const RUNS = option('runs', 3);
const unit = readFileSync(path.join(root, 'deploy/opentafel@.service'), 'utf8');
const RESTART_MS = Number(/^RestartSec=(\d+)/m.exec(unit)?.[1] ?? 0) * 1000;

const freePort = () =>
	new Promise((resolve) => {
		const probe = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = probe.address();
			probe.close(() => resolve(port));
		});
	});

printMachine();
figure('restart.systemd-restart-sec', RESTART_MS / 1000, 's');
const port = String(await freePort());
let server = await startServer({ env: { PORT: port } });
const dataDir = server.dataDir;
const host = await signUpHost(server.url);
const gathering = await openGathering(host);
const cookies = await joinMany(server.url, gathering.code, PHONES);
const phones = cookies.map((cookie) => connectPhone(realtimeUrl(server.url), gathering.id, cookie));
await Promise.all(phones.map((p) => p.synced));

const back = [];
const listening = [];
for (let run = 0; run < RUNS; run++) {
	const resynced = phones.map(
		(p) =>
			new Promise((resolve) => {
				let lost = false;
				const onStatus = ({ status }) => {
					if (status === 'disconnected') lost = true;
				};
				const onSync = (isSynced) => {
					if (!lost || !isSynced) return;
					p.provider.off('status', onStatus);
					p.provider.off('sync', onSync);
					resolve(now());
				};
				p.provider.on('status', onStatus);
				p.provider.on('sync', onSync);
			})
	);
	const killedAt = now();
	process.kill(server.pid, 'SIGKILL');
	await server.stop({ keepData: true });
	await sleep(RESTART_MS);
	const startedAt = now();
	server = await startServer({ dataDir, env: { PORT: port } });
	listening.push(now() - startedAt);
	const times = (await Promise.all(resynced)).map((t) => t - killedAt);
	back.push(...times);
	figure(`restart.run${run + 1}.all-phones-back`, Math.max(...times), 'ms');
}
figure('restart.listening-after-start.median', percentile(listening, 50), 'ms');
for (const p of [50, 95]) figure(`restart.phone-back-after-kill.p${p}`, percentile(back, p), 'ms');
figure('restart.phone-back-after-kill.max', Math.max(...back), 'ms');
for (const p of phones) p.destroy();
await server.stop();
