/**
 * The fuzzed server, watched from outside and on a thread of its own (the fuzzing thread
 * builds megabyte frames and would delay its own measurements):
 *   - liveness latency: `GET /healthz` on one keep-alive connection, the next request
 *     POLL_MS after the last answer; a request that waits is the server's event loop stalled;
 *   - a bystander: an honest phone (stock y-websocket client, BroadcastChannel off) on
 *     another gathering, and every PROBE_MS a facilitator command there (hide/unhide a
 *     topic); the time until the phone holds the change, or a miss after PROBE_BOUND_MS.
 * Paused while the server is restarted after a crash, so the outage itself is not counted.
 *
 * Messages in: start { url, gathering, phoneCookie, hostCookie, topicId }, pause, resume
 * { url }, probe-now (answers { type: 'probe', ms }), report (answers the figures), stop.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { connectPhone, now, realtimeUrl, sleep } from '../bench/harness.mjs';

const POLL_MS = 10;
const PROBE_MS = 1_000;
export const PROBE_BOUND_MS = 5_000;

let config = null;
let running = false;
let generation = 0;
let phone = null;
/** Polls slower than this are kept with their start, so the run can name the frames sent just before. */
const SLOW_POLL_MS = 200;
const healthz = { latencies: [], errors: 0, slow: [] };
const probes = { latencies: [], misses: 0, failures: 0 };

function get(url, agent) {
	return new Promise((resolve, reject) => {
		const req = http.get(url, { agent }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode));
		});
		req.on('error', reject);
	});
}

async function poll(gen) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	while (running && gen === generation) {
		const started = now();
		try {
			await get(`${config.url}/healthz`, agent);
			const ms = now() - started;
			if (gen === generation) healthz.latencies.push(ms);
			if (gen === generation && ms > SLOW_POLL_MS) healthz.slow.push({ at: started, ms });
		} catch {
			if (gen === generation) healthz.errors++;
		}
		await sleep(Math.max(0, POLL_MS - (now() - started)));
	}
	agent.destroy();
}

/** One command on the bystander board and the time until the phone has it; null on a miss. */
async function probeOnce(gen) {
	const { doc } = phone;
	const topics = doc.getMap('topics');
	const hidden = !topics.get(config.topicId)?.hidden;
	const started = now();
	const arrived = new Promise((resolve) => {
		const check = () => {
			if (topics.get(config.topicId)?.hidden !== hidden) return;
			doc.off('update', check);
			resolve(now() - started);
		};
		doc.on('update', check);
		setTimeout(() => (doc.off('update', check), resolve(null)), PROBE_BOUND_MS);
	});
	try {
		const res = await fetch(`${config.url}/api/gatherings/${config.gathering}/commands`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: config.hostCookie },
			body: JSON.stringify({ id: randomUUID(), type: 'hideTopic', args: { topicId: config.topicId, hidden } })
		});
		await res.text();
		if (res.status !== 200) throw new Error(`probe answered ${res.status}`);
	} catch {
		if (gen === generation) probes.failures++;
		return null;
	}
	const ms = await arrived;
	if (gen !== generation) return null;
	if (ms === null) probes.misses++;
	else probes.latencies.push(ms);
	return ms;
}

async function probeLoop(gen) {
	while (running && gen === generation) {
		const started = now();
		await probeOnce(gen);
		await sleep(Math.max(0, PROBE_MS - (now() - started)));
	}
}

async function begin() {
	const gen = ++generation;
	running = true;
	phone = connectPhone(realtimeUrl(config.url), config.gathering, config.phoneCookie);
	void poll(gen);
	await Promise.race([phone.synced, sleep(PROBE_BOUND_MS)]);
	void probeLoop(gen);
}

function end() {
	running = false;
	generation++;
	phone?.destroy();
	phone = null;
}

parentPort.on('message', async (message) => {
	if (message.type === 'start') {
		config = message;
		await begin();
	} else if (message.type === 'pause') end();
	else if (message.type === 'resume') {
		config = { ...config, url: message.url };
		await begin();
	} else if (message.type === 'probe-now') {
		end();
		phone = connectPhone(realtimeUrl(config.url), config.gathering, config.phoneCookie);
		await Promise.race([phone.synced, sleep(PROBE_BOUND_MS)]);
		const gen = generation;
		parentPort.postMessage({ type: 'probe', ms: await probeOnce(gen) });
	} else if (message.type === 'report') {
		parentPort.postMessage({ type: 'report', healthz, probes });
	} else if (message.type === 'stop') {
		end();
		parentPort.close();
	}
});
