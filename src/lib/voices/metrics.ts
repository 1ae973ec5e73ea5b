/**
 * Balance of voices over a window, counting everyone present — the silent too. Pure
 * functions of the turn log and presence, so a corrected turn recomputes everything.
 */
import type { Presence, Turn, Window } from './types';
import { presentMs, spokenMs } from './time';

/** A turn this long (or longer) means the person was heard. */
export const HEARD_MIN_MS = 5_000;

export type Person = {
	id: string;
	presentMs: number;
	speakingMs: number;
	turns: number;
	heard: boolean;
	/** Presence-weighted share of the window's total speaking time. */
	fairShareMs: number;
	/** Fair share minus speaking time: positive means under-heard. */
	deficitMs: number;
};

export type Metrics = {
	people: Person[];
	present: number;
	heard: number;
	/** heard / present, 0 when nobody is present. */
	coverage: number;
	/** Present and not heard, longest present first. */
	notYetHeard: Person[];
	totalSpeakingMs: number;
	/** 0 all equal … 1 one person talked alone (normalised by n/(n−1)). */
	gini: number;
	/** Entropy / ln n: 1 all equal, 0 one voice. */
	evenness: number;
	/** exp(entropy): how many equal voices the talk was worth. */
	effectiveVoices: number;
	topShare: number;
	/** Coefficient of variation of turn counts. */
	turnCountCv: number;
};

export type MetricsInput = {
	turns: Turn[];
	presence: Presence;
	window: Window;
	now: number;
	/** Only turns on this topic (the window is still the time window). */
	topicId?: string | null;
};

export function computeMetrics({ turns, presence, window, now, topicId }: MetricsInput): Metrics {
	const byId = new Map<string, Person>();
	const person = (id: string) => {
		let p = byId.get(id);
		if (!p) {
			p = { id, presentMs: 0, speakingMs: 0, turns: 0, heard: false, fairShareMs: 0, deficitMs: 0 };
			byId.set(id, p);
		}
		return p;
	};
	for (const [id, intervals] of Object.entries(presence)) {
		const ms = presentMs(intervals, window, now);
		if (ms > 0) person(id).presentMs = ms;
	}
	for (const turn of turns) {
		if (turn.status === 'voided') continue;
		if (topicId !== undefined && turn.topicId !== topicId) continue;
		const ms = spokenMs(turn, window, now);
		if (ms <= 0) continue;
		const p = person(turn.participantId);
		p.speakingMs += ms;
		p.turns += 1;
		if (ms >= HEARD_MIN_MS) p.heard = true;
	}
	const people = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	const n = people.length;
	const total = people.reduce((s, p) => s + p.speakingMs, 0);
	const presenceTotal = people.reduce((s, p) => s + p.presentMs, 0);
	for (const p of people) {
		// Someone who spoke without recorded presence still counts: give them an equal weight then.
		const weight = presenceTotal > 0 ? p.presentMs / presenceTotal : 1 / n;
		p.fairShareMs = total * weight;
		p.deficitMs = p.fairShareMs - p.speakingMs;
	}
	const heard = people.filter((p) => p.heard).length;
	return {
		people,
		present: n,
		heard,
		coverage: n ? heard / n : 0,
		notYetHeard: people.filter((p) => !p.heard).sort((a, b) => b.presentMs - a.presentMs || (a.id < b.id ? -1 : 1)),
		totalSpeakingMs: total,
		gini: gini(people.map((p) => p.speakingMs)),
		...entropyFigures(people.map((p) => p.speakingMs), total),
		topShare: total > 0 ? Math.max(...people.map((p) => p.speakingMs)) / total : 0,
		turnCountCv: coefficientOfVariation(people.map((p) => p.turns))
	};
}

/** Gini of non-negative values, normalised by n/(n−1) so that one non-zero value gives 1. */
export function gini(values: number[]): number {
	const n = values.length;
	const total = values.reduce((s, v) => s + v, 0);
	if (n < 2 || total <= 0) return 0;
	// Σ_i Σ_j |x_i − x_j| in O(n log n): with x sorted ascending, each x_i counts (2i − n + 1) times.
	const sorted = [...values].sort((a, b) => a - b);
	let sum = 0;
	sorted.forEach((x, i) => (sum += (2 * i - n + 1) * x));
	const g = (2 * sum) / (2 * n * total);
	return Math.min(1, Math.max(0, (g * n) / (n - 1)));
}

function entropyFigures(values: number[], total: number): { evenness: number; effectiveVoices: number } {
	if (total <= 0) return { evenness: 0, effectiveVoices: 0 };
	let h = 0;
	for (const v of values) if (v > 0) h -= (v / total) * Math.log(v / total);
	const n = values.length;
	return { evenness: n > 1 ? Math.min(1, h / Math.log(n)) : 1, effectiveVoices: Math.exp(h) };
}

function coefficientOfVariation(values: number[]): number {
	const n = values.length;
	if (n === 0) return 0;
	const mean = values.reduce((s, v) => s + v, 0) / n;
	if (mean === 0) return 0;
	const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
	return Math.sqrt(variance) / mean;
}

/**
 * The fewest people whose speaking time together makes up at least half of all of it: a
 * figure a room reads without a formula ("half of the talking came from 2 people"). 0 when
 * nobody has spoken. With n people talking equally it is ⌈n/2⌉; one dominant voice makes it 1.
 */
export function voicesForHalf(people: readonly Pick<Person, 'speakingMs'>[]): number {
	const spoken = people.map((p) => p.speakingMs).filter((ms) => ms > 0).sort((a, b) => b - a);
	const total = spoken.reduce((s, ms) => s + ms, 0);
	if (total <= 0) return 0;
	let sum = 0;
	for (const [i, ms] of spoken.entries()) {
		sum += ms;
		if (2 * sum >= total) return i + 1;
	}
	return spoken.length;
}
