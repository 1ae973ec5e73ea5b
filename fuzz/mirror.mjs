/**
 * What the fuzzer knows of the fuzzed board: a stock y-websocket client on the facilitator's
 * session keeps a copy of the server's doc, and `context()` reads from it the clients and
 * their clocks, the runs already deleted (longest first) and the whole state, so that hostile
 * frames can name real clients, real clocks and real deleted runs.
 */
import * as Y from 'yjs';
import { connectPhone, realtimeUrl } from '../bench/harness.mjs';

/** Enough to cover the long deleted note and what deletions the fuzzing itself leaves. */
const DELETED_RUNS_KEPT = 20;
const SYNC_TIMEOUT_MS = 15_000;

export async function openMirror(serverUrl, gatheringId, cookie) {
	const phone = connectPhone(realtimeUrl(serverUrl), gatheringId, cookie);
	const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('the mirror did not sync')), SYNC_TIMEOUT_MS).unref());
	await Promise.race([phone.synced, timeout]);
	return {
		doc: phone.doc,
		context: () => context(phone.doc),
		destroy: () => phone.destroy()
	};
}

export function context(doc) {
	const clients = [...Y.decodeStateVector(Y.encodeStateVector(doc))].map(([client, clock]) => ({ client, clock }));
	const deletedRuns = [];
	for (const [client, ranges] of Y.createDeleteSetFromStructStore(doc.store).clients) {
		for (const { clock, len } of ranges) deletedRuns.push({ client, clock, len });
	}
	deletedRuns.sort((a, b) => b.len - a.len);
	return { clients, deletedRuns: deletedRuns.slice(0, DELETED_RUNS_KEPT), sv: Y.encodeStateVector(doc), update: Y.encodeStateAsUpdate(doc) };
}
