/**
 * Raw WebSocket connections to the fuzzed board, a few per role: guests (read-only), the
 * note-taker and the facilitator (write). A socket the server closes is counted by its close
 * code and replaced on next use. What the server sends is read and dropped.
 */
import WebSocket from 'ws';

const OPEN_TIMEOUT_MS = 10_000;
/** A dropped connection (1006) is counted only if the server is still alive a moment later: a crash drops them all. */
const DROP_JUDGED_AFTER_MS = 500;
const ABNORMAL_CLOSURE = 1006;

export class SocketPool {
	/** close code → how many sockets the server closed with it. */
	closes = new Map();
	opened = 0;
	#slots = new Map();

	/** roles: { guest: [cookie…], 'note-taker': [cookie], facilitator: [cookie] }; `perRole` sockets each. */
	constructor(roles, perRole) {
		this.roles = roles;
		this.perRole = perRole;
	}

	/** `server.dead` tells a crash from a socket the server dropped on purpose. */
	setServer(server, gatheringId) {
		this.server = server;
		this.url = `${server.url.replace(/^http/, 'ws')}/realtime/${gatheringId}`;
		this.closeAll();
	}

	/** An open socket of `role`, slot `n` (mod the pool size), opened or re-opened as needed. */
	async get(role, n) {
		const cookies = this.roles[role];
		const key = `${role}:${n % this.perRole}`;
		let slot = this.#slots.get(key);
		if (!slot || slot.ws.readyState > WebSocket.OPEN) {
			slot = this.#open(cookies[n % cookies.length]);
			this.#slots.set(key, slot);
		}
		await slot.ready;
		return slot.ws;
	}

	#open(cookie) {
		const ws = new WebSocket(this.url, { headers: { cookie } });
		this.opened++;
		ws.on('error', () => {});
		const slot = { ws, closedByUs: false };
		const server = this.server;
		const count = (code) => this.closes.set(code, (this.closes.get(code) ?? 0) + 1);
		ws.on('close', (code) => {
			if (slot.closedByUs) return;
			if (code !== ABNORMAL_CLOSURE) return count(code);
			setTimeout(() => !server.dead && count(code), DROP_JUDGED_AFTER_MS);
		});
		slot.ready = new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error('socket did not open')), OPEN_TIMEOUT_MS);
			ws.once('open', () => (clearTimeout(timer), resolve()));
			ws.once('close', () => (clearTimeout(timer), reject(new Error('socket closed before it opened'))));
		});
		slot.ready.catch(() => {});
		return slot;
	}

	closeAll() {
		for (const slot of this.#slots.values()) {
			slot.closedByUs = true;
			slot.ws.terminate();
		}
		this.#slots.clear();
	}
}

/** Sends one frame; resolves true once written, false when the socket was already going. */
export function sendFrame(ws, frame) {
	if (ws.readyState !== WebSocket.OPEN) return Promise.resolve(false);
	const data = frame.text !== undefined ? frame.text : frame.bytes;
	return new Promise((resolve) => ws.send(data, { binary: frame.text === undefined }, (error) => resolve(!error)));
}
