/**
 * The participation report's figures for one gathering, read from its board (through the
 * board reader) and the participant list. Names are attached only
 * for the facilitator's copy; the shared copy carries no participant ids or names at all.
 */
import { presenceFrom } from '$lib/board/voices-read';
import { boardSnapshot } from './snapshot';
import { computeMetrics } from '$lib/voices/metrics';
import { contributions, coverageByTopic, coverageOverTime } from '$lib/voices/report';
import type { BoardReader } from './reader';

export type ParticipationReport = {
	from: number | null;
	to: number;
	present: number;
	heard: number;
	totalSpeakingMs: number;
	gini: number;
	effectiveVoices: number;
	coverage: { at: number; heard: number; present: number }[];
	/** Speaking time per person, longest first; `name` only in the facilitator's copy. */
	speakers: { name: string | null; speakingMs: number; fairShareMs: number; turns: number }[];
	topics: { title: string; speakers: number; heard: number; speakingMs: number }[];
	/** Per person in the facilitator's copy; one total row in the shared copy. */
	contributions: { name: string | null; topics: number; dots: number; followUps: number }[];
};

export async function participationReport(
	boards: BoardReader,
	gatheringId: string,
	names: Map<string, string>,
	options: { withNames: boolean; now?: number }
): Promise<ParticipationReport> {
	const snapshot = await boardSnapshot(boards, gatheringId);
	const now = options.now ?? Date.now();
	const { voices, topics, dots } = snapshot;
	const presence = presenceFrom(voices);
	const starts = [...Object.values(presence).flat().map((i) => i.start), ...voices.turns.map((t) => t.start)];
	const from = starts.length ? Math.min(...starts) : null;
	const metrics = computeMetrics({ turns: voices.turns, presence, window: { from: 0, to: now }, now });
	const nameOf = (id: string) => (options.withNames ? (names.get(id) ?? null) : null);
	const perPerson = contributions({ people: metrics.people.map((p) => p.id), topics, dots });
	const titleOf = new Map(topics.map((t) => [t.id, t.title]));
	return {
		from,
		to: now,
		present: metrics.present,
		heard: metrics.heard,
		totalSpeakingMs: metrics.totalSpeakingMs,
		gini: metrics.gini,
		effectiveVoices: metrics.effectiveVoices,
		coverage: from === null ? [] : coverageOverTime(voices.turns, presence, from, now),
		speakers: metrics.people
			.map((p) => ({ name: nameOf(p.id), speakingMs: p.speakingMs, fairShareMs: p.fairShareMs, turns: p.turns }))
			.sort((a, b) => b.speakingMs - a.speakingMs),
		topics: coverageByTopic(voices.turns, presence, now).map(({ topicId, ...rest }) => ({ title: titleOf.get(topicId) ?? '', ...rest })),
		contributions: options.withNames
			? perPerson.map(({ participantId, ...rest }) => ({ name: nameOf(participantId), ...rest }))
			: [perPerson.reduce((sum, c) => ({ name: null, topics: sum.topics + c.topics, dots: sum.dots + c.dots, followUps: sum.followUps + c.followUps }), { name: null, topics: 0, dots: 0, followUps: 0 })]
	};
}
