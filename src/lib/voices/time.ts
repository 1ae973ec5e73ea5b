import type { Interval, Turn, Window } from './types';

/** A gap shorter than this between two present intervals counts as present (a phone reconnecting). */
export const PRESENCE_GAP_MS = 60_000;

function overlap(start: number, end: number, window: Window): number {
	return Math.max(0, Math.min(end, window.to) - Math.max(start, window.from));
}

/** Present intervals with gaps under `gapMs` closed, sorted, open ends cut at `now`. */
export function mergePresence(intervals: Interval[], now: number, gapMs = PRESENCE_GAP_MS): { start: number; end: number }[] {
	const sorted = intervals.map((i) => ({ start: i.start, end: i.end ?? now })).sort((a, b) => a.start - b.start);
	const merged: { start: number; end: number }[] = [];
	for (const interval of sorted) {
		const last = merged[merged.length - 1];
		if (last && interval.start - last.end < gapMs) last.end = Math.max(last.end, interval.end);
		else merged.push({ ...interval });
	}
	return merged;
}

export function presentMs(intervals: Interval[], window: Window, now: number): number {
	let total = 0;
	for (const i of mergePresence(intervals, now)) total += overlap(i.start, i.end, window);
	return total;
}

/**
 * Speaking time of a turn inside a window. Paused time is spread evenly over the turn: the
 * model keeps the paused total, not when each pause was, and windows rarely cut a turn.
 */
export function spokenMs(turn: Turn, window: Window, now: number): number {
	if (turn.status === 'voided') return 0;
	const end = turn.end ?? now;
	const length = end - turn.start;
	if (length <= 0) return 0;
	const paused = turn.pausedMs + (turn.pausedAt !== null ? Math.max(0, now - turn.pausedAt) : 0);
	const talking = Math.max(0, length - paused);
	return (talking * overlap(turn.start, end, window)) / length;
}
