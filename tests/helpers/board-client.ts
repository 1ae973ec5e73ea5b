/**
 * A phone or laptop as the server sees it, without a browser: the stock y-websocket
 * provider (BroadcastChannel off, so clients in one process cannot sync behind the server's
 * back) with the session cookie on its handshake, and commands over HTTP.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

export type BoardClient = {
	doc: Y.Doc;
	provider: WebsocketProvider;
	closes: { code: number; reason: string }[];
	synced: Promise<void>;
	destroy(): void;
};

export function connectBoard(baseUrl: string, gatheringId: string, cookie: string): BoardClient {
	const doc = new Y.Doc();
	const closes: { code: number; reason: string }[] = [];
	class CookieWebSocket extends WebSocket {
		constructor(url: string, protocols?: string | string[]) {
			super(url, protocols, { headers: { cookie } });
			this.on('close', (code, reason) => closes.push({ code, reason: reason.toString() }));
		}
	}
	const provider = new WebsocketProvider(baseUrl.replace(/^http/, 'ws') + '/realtime', gatheringId, doc, {
		WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	const synced = new Promise<void>((resolve) => {
		if (provider.synced) resolve();
		else provider.once('sync', (isSynced: boolean) => isSynced && resolve());
	});
	return {
		doc,
		provider,
		closes,
		synced,
		destroy: () => {
			provider.destroy();
			doc.destroy();
		}
	};
}

/** Commands go over HTTP, as the outbox sends them; the one client tests and benchmarks share. */
export { sendCommand } from './command-client.mjs';

/** Resolves when `check` holds, re-checking after every doc update; rejects after `ms`. */
export function waitFor(doc: Y.Doc, check: () => boolean, ms = 5_000): Promise<void> {
	if (check()) return Promise.resolve();
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			doc.off('update', onUpdate);
			reject(new Error('condition not reached in time'));
		}, ms);
		const onUpdate = () => {
			if (!check()) return;
			clearTimeout(timer);
			doc.off('update', onUpdate);
			resolve();
		};
		doc.on('update', onUpdate);
	});
}

export function waitForClose(client: BoardClient, ms = 5_000): Promise<{ code: number; reason: string }> {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const poll = setInterval(() => {
			if (client.closes.length) {
				clearInterval(poll);
				resolve(client.closes[0]);
			} else if (Date.now() - started > ms) {
				clearInterval(poll);
				reject(new Error('socket was not closed'));
			}
		}, 20);
	});
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
