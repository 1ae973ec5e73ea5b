/**
 * Figures for the participation report: how coverage grew over the evening, coverage per
 * topic, and contributions beyond talk. Pure functions over the board's plain data.
 */
import { computeMetrics } from './metrics';
import type { Presence, Turn } from './types';

export type CoveragePoint = { at: number; heard: number; present: number };

/** Coverage from the start up to each of `samples` evenly spaced moments in [from, to]. */
export function coverageOverTime(turns: Turn[], presence: Presence, from: number, to: number, samples = 24): CoveragePoint[] {
	if (to <= from) return [];
	const points: CoveragePoint[] = [];
	for (let i = 1; i <= samples; i++) {
		const at = from + ((to - from) * i) / samples;
		// Only turns started by `at` count; a turn live at `at` counts up to `at`.
		const upTo = turns.filter((t) => t.start < at).map((t) => (t.end === null || t.end > at ? { ...t, end: at, pausedAt: null } : t));
		const m = computeMetrics({ turns: upTo, presence, window: { from, to: at }, now: at });
		points.push({ at, heard: m.heard, present: m.present });
	}
	return points;
}

export type TopicCoverage = { topicId: string; speakers: number; heard: number; speakingMs: number };

/** Per topic discussed with turns: how many people spoke on it and were heard (≥ 5 s). */
export function coverageByTopic(turns: Turn[], presence: Presence, now: number): TopicCoverage[] {
	const topicIds = [...new Set(turns.filter((t) => t.status !== 'voided' && t.topicId !== null).map((t) => t.topicId as string))];
	return topicIds.map((topicId) => {
		const m = computeMetrics({ turns, presence, window: { from: 0, to: now }, now, topicId });
		return { topicId, speakers: m.people.filter((p) => p.turns > 0).length, heard: m.heard, speakingMs: m.totalSpeakingMs };
	});
}

export type Contribution = { participantId: string; topics: number; dots: number; followUps: number };

/**
 * Contributions beyond talk, per person: topics proposed (co-authors of merged topics count
 * too), dots placed, follow-ups offered (from the after-session, when there is one).
 */
export function contributions(input: {
	people: string[];
	topics: { authorId: string; coAuthors: { id: string }[]; status: string }[];
	dots: { participantId: string; count: number }[];
	followUps?: Record<string, number>;
}): Contribution[] {
	const byId = new Map(input.people.map((id) => [id, { participantId: id, topics: 0, dots: 0, followUps: input.followUps?.[id] ?? 0 }]));
	for (const t of input.topics) {
		if (t.status === 'withdrawn' || t.status === 'merged') continue;
		for (const id of [t.authorId, ...t.coAuthors.map((a) => a.id)]) {
			const c = byId.get(id);
			if (c) c.topics++;
		}
	}
	for (const d of input.dots) {
		const c = byId.get(d.participantId);
		if (c) c.dots += d.count;
	}
	return [...byId.values()];
}
