/**
 * Presence on the board: when each person was here. The server opens a `connected` interval
 * when a person's first socket opens and closes it when their last one closes; the
 * facilitator opens and closes `marked` intervals (someone without a phone, or whose phone
 * is off). Fair shares are computed from these, so a late arrival is not counted as silent
 * for the part of the evening they were not there.
 *
 * A phone on bad Wi-Fi reconnects often: an interval that ended less than the presence gap
 * ago is reopened instead of adding a new one, so the stored list stays short.
 */
import type { Board } from './doc';
import { PRESENCE_GAP_MS } from '../voices/time';
import type { Interval, Presence, PresenceRecord } from '../voices/types';

export type PresenceSource = keyof PresenceRecord;

const EMPTY: PresenceRecord = { connected: [], marked: [] };

function record(b: Board, participantId: string): PresenceRecord {
	return b.presence.get(participantId) ?? EMPTY;
}

/** Opens an interval for `source` unless one is open; returns whether the board changed. */
export function openPresence(b: Board, participantId: string, source: PresenceSource, now: number): boolean {
	const r = record(b, participantId);
	const intervals = r[source];
	const last = intervals[intervals.length - 1];
	if (last && last.end === null) return false;
	const next: Interval[] =
		last && last.end !== null && now - last.end < PRESENCE_GAP_MS
			? [...intervals.slice(0, -1), { start: last.start, end: null }]
			: [...intervals, { start: now, end: null }];
	b.presence.set(participantId, { ...r, [source]: next });
	return true;
}

/** Closes the open interval of `source`, if any; returns whether the board changed. */
export function closePresence(b: Board, participantId: string, source: PresenceSource, now: number): boolean {
	const r = b.presence.get(participantId);
	const intervals = r?.[source] ?? [];
	const last = intervals[intervals.length - 1];
	if (!r || !last || last.end !== null) return false;
	b.presence.set(participantId, { ...r, [source]: [...intervals.slice(0, -1), { start: last.start, end: Math.max(last.start, now) }] });
	return true;
}

/** Closes every open `connected` interval (a room loaded after the server stopped without closing them). */
export function closeAllConnected(b: Board, now: number): number {
	let closed = 0;
	for (const id of [...b.presence.keys()]) if (closePresence(b, id, 'connected', now)) closed++;
	return closed;
}

/** Both sources together, as the metrics take them. */
export function presenceOf(b: Board): Presence {
	const presence: Presence = {};
	for (const [id, r] of b.presence.entries()) presence[id] = [...r.connected, ...r.marked];
	return presence;
}

/** Here now: an interval is open, or closed less than the presence gap ago (a phone reconnecting). */
export function isPresentNow(r: PresenceRecord | undefined, now: number): boolean {
	if (!r) return false;
	return [r.connected, r.marked].some((list) => {
		const last = list[list.length - 1];
		return !!last && (last.end === null || now - last.end < PRESENCE_GAP_MS);
	});
}

export function isMarkedPresent(r: PresenceRecord | undefined): boolean {
	const last = r?.marked[r.marked.length - 1];
	return !!last && last.end === null;
}
