/**
 * A phone process for `bench:realtime`: connects its share of the phones (stock y-websocket
 * clients, BroadcastChannel off) and tells the parent, once per new topic and gathering, when
 * the last of its phones in that gathering has the topic in its doc. Times are `now()`, the
 * machine-wide monotonic clock, so the parent can subtract its send time from them.
 *
 * Parent → child: { type: 'connect', serverUrl, phones: [{ room, cookie }] }, { type: 'stop' },
 *                 and for a reconnect storm (bench/storm.mjs): { type: 'drop' } (every phone's
 *                 socket closes at once, the doc is kept, as when the venue's Wi-Fi drops) and
 *                 { type: 'reconnect', at, spreadMs } (each phone connects again at `at` plus a
 *                 random delay below `spreadMs`, on the machine-wide clock).
 * Child → parent: { type: 'ready', ms }, { type: 'arrived', room, key, first, last },
 *                 { type: 'dropped' }, { type: 'resynced', times } (when each phone had the
 *                 server's board again), { type: 'stopped', cpuSeconds, disconnects }.
 */
import { connectPhone, now } from './harness.mjs';

// Every provider adds a process 'exit' listener.
process.setMaxListeners(0);
/** Phones connecting at once; more only makes the handshakes queue up on the server. */
const CONNECT_CONCURRENCY = 25;

const phones = [];
/** room → how many of this process's phones are in it. */
const phonesIn = new Map();
/** `${room}\n${key}` → arrivals so far. */
const pending = new Map();
let disconnects = 0;

function arrived(room, key, at) {
	const id = `${room}\n${key}`;
	let entry = pending.get(id);
	if (!entry) pending.set(id, (entry = { count: 0, first: at, last: at }));
	entry.count++;
	entry.last = Math.max(entry.last, at);
	if (entry.count < phonesIn.get(room)) return;
	pending.delete(id);
	process.send({ type: 'arrived', room, key, first: entry.first, last: entry.last });
}

async function connect({ serverUrl, phones: assigned }) {
	const started = now();
	for (const { room } of assigned) phonesIn.set(room, (phonesIn.get(room) ?? 0) + 1);
	let next = 0;
	const worker = async () => {
		while (next < assigned.length) {
			const { room, cookie } = assigned[next++];
			const phone = connectPhone(serverUrl, room, cookie);
			phones.push(phone);
			await phone.synced;
			// Observed only after the first sync: the topics already there are not arrivals.
			phone.doc.getMap('topics').observe((event) => {
				const at = now();
				for (const [key, change] of event.changes.keys) if (change.action === 'add') arrived(room, key, at);
			});
			phone.provider.on('status', ({ status }) => status === 'disconnected' && disconnects++);
		}
	};
	await Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, worker));
	process.send({ type: 'ready', ms: now() - started });
}

/** Every phone's socket closes; y-websocket keeps the doc and does not reconnect until told. */
async function drop() {
	for (const phone of phones) phone.provider.disconnect();
	while (phones.some((phone) => phone.provider.wsconnected || phone.provider.wsconnecting)) await new Promise((r) => setTimeout(r, 20));
	process.send({ type: 'dropped' });
}

/** Each phone connects again within the spread; reports when each had the board again. */
async function reconnect({ at, spreadMs }) {
	const times = await Promise.all(
		phones.map(
			(phone) =>
				new Promise((resolve) => {
					const onSync = (isSynced) => {
						if (!isSynced) return;
						phone.provider.off('sync', onSync);
						resolve(now());
					};
					phone.provider.on('sync', onSync);
					setTimeout(() => phone.provider.connect(), Math.max(0, at - now()) + Math.random() * spreadMs);
				})
		)
	);
	process.send({ type: 'resynced', times });
}

process.on('message', async (message) => {
	if (message.type === 'connect') await connect(message);
	if (message.type === 'drop') await drop();
	if (message.type === 'reconnect') await reconnect(message);
	if (message.type === 'stop') {
		const lost = disconnects;
		for (const phone of phones) phone.destroy();
		const cpu = process.cpuUsage();
		process.send({ type: 'stopped', cpuSeconds: (cpu.user + cpu.system) / 1e6, disconnects: lost });
		process.disconnect();
	}
});
