/**
 * One fuzzed server process at a time, and what follows a crash. The server is the
 * production build on a temporary data directory that outlives its processes: after a crash
 * the same directory is opened again (committed data survives a process crash), the sockets,
 * the mirror and the watcher reconnect, and fuzzing goes on.
 *
 * A crash is explained by replaying: on the fresh process the last frames are sent again one
 * at a time, oldest first, each on a new socket of the role that sent it; every frame that
 * kills the process on its own is reported with its kind and bytes (the reproduction), and
 * the process is restarted after it.
 */
import WebSocket from 'ws';
import { processStats, sampleRss, sleep, startServer } from '../bench/harness.mjs';
import { hex } from './bytes.mjs';
import { openMirror } from './mirror.mjs';
import { sendFrame } from './sockets.mjs';

/** After the frame's answer: time for anything it set off (a timer, a write) to fail. */
const REPLAY_SETTLE_MS = 300;
const REPLAY_TIMEOUT_MS = 10_000;
/** Sync step 1 with an empty state vector ("I know nothing"), as a new phone sends it. */
const HONEST_STEP1 = { bytes: Uint8Array.from([0, 0, 1, 0]) };
const SERVER_ERROR_LINES = 4;

/** Marks the server `dead` as soon as its process ends. */
export function watched(server) {
	server.dead = false;
	server.exited.then(() => (server.dead = true));
	return server;
}

export class Session {
	server = null;
	mirror = null;
	crash = null;
	/** Per process: { rssStartMb, stopSampler } — growth is measured within one process. */
	rss = null;
	peakRssMb = 0;
	restarts = 0;
	/** Set when the stored board itself kills the server: restarting is no longer any use. */
	poisoned = false;

	constructor({ dataDir, people, pool, watch }) {
		Object.assign(this, { dataDir, people, pool, watch });
	}

	async attach(server) {
		this.server = server;
		this.crash = null;
		server.exited.then((code) => {
			if (!this.stopping && this.server === server) this.crash = { code, output: server.output() };
		});
		this.pool.setServer(server, this.people.fuzzed);
		try {
			this.mirror = await openMirror(server.url, this.people.fuzzed, this.people.hostCookie);
		} catch (error) {
			if (!server.dead) throw error;
			// Killed by something still in flight from before the restart: start clean once more.
			return this.attach(await this.restart());
		}
		this.rss = { startMb: processStats(server.pid).rssMb, stopSampler: sampleRss(server.pid) };
	}

	detach() {
		this.pool.closeAll();
		this.mirror?.destroy();
		this.mirror = null;
		if (this.rss) this.peakRssMb = Math.max(this.peakRssMb, this.rss.stopSampler());
	}

	async restart() {
		this.restarts++;
		return watched(await startServer({ dataDir: this.dataDir }));
	}

	/** After a crash: report, find the frames that do it alone, restart, carry on. Returns the kinds of those frames. */
	async recover(recent, { seed, replay }) {
		const { code, output } = this.crash;
		this.watch.postMessage({ type: 'pause' });
		this.detach();
		const why = output.split('\n').filter((l) => /error|exception|rejection|at /i.test(l)).slice(0, SERVER_ERROR_LINES);
		console.error(`CRASH (seed ${seed}): server exited with ${code}; last frames, newest last:`);
		for (const f of recent.slice(-6)) console.error(`  #${f.index} ${f.role} ${f.kind} ${hex(f.bytes ?? new TextEncoder().encode(f.text))}`);
		for (const line of why) console.error(`  server: ${line.trim()}`);
		let server = await this.restart();
		const killers = [];
		// Before blaming a frame: does the stored board alone kill a fresh process when someone connects?
		if (await this.#replayKills(server, { role: 'guest', kind: 'stored-board', ...HONEST_STEP1 })) {
			console.error('  the stored board kills a fresh server when a guest connects: fuzzing cannot go on');
			this.poisoned = true;
			return ['stored-board'];
		}
		for (const f of recent.slice(-replay)) {
			if (!(await this.#replayKills(server, f))) continue;
			killers.push(f.kind);
			console.error(`  reproduced alone by #${f.index} ${f.role} ${f.kind}: ${hex(f.bytes ?? new TextEncoder().encode(f.text), 256)}`);
			server = await this.restart();
		}
		if (!killers.length && replay) console.error(`  none of the last ${replay} frames kills the server alone`);
		// A replayed frame may have killed it after all, too late to be told apart.
		if (server.dead) server = await this.restart();
		await this.attach(server);
		this.watch.postMessage({ type: 'resume', url: server.url });
		return killers;
	}

	/**
	 * Sent once the board is loaded (the server's sync step 1 arrived). Then an honest step 1
	 * on the same socket: its answer comes after the frame's own work, however long the server
	 * takes (an answer to a step 1 waits for pending writes), so only then is the frame judged.
	 */
	async #replayKills(server, frame) {
		const cookie = this.pool.roles[frame.role][0];
		const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/realtime/${this.people.fuzzed}`, { headers: { cookie } });
		ws.on('error', () => {});
		await new Promise((resolve) => (ws.once('message', resolve), ws.once('close', resolve)));
		await sendFrame(ws, frame);
		const answered = new Promise((resolve) => {
			const timer = setTimeout(resolve, REPLAY_TIMEOUT_MS);
			ws.on('message', (data) => data[0] === 0 && data[1] === 1 && (clearTimeout(timer), resolve()));
			ws.once('close', () => (clearTimeout(timer), resolve()));
		});
		await sendFrame(ws, HONEST_STEP1);
		await answered;
		await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(REPLAY_TIMEOUT_MS) }).catch(() => {});
		await sleep(REPLAY_SETTLE_MS);
		ws.terminate();
		return server.dead;
	}

	async stop() {
		this.stopping = true;
		this.detach();
		await this.server.stop({ keepData: true });
	}
}
