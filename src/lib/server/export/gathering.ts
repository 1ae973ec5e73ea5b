/**
 * Everything the organisers take home from one gathering, in one versioned shape: topics
 * with their dots and outcomes, the connections (both said yes) with the contact fields each
 * side agreed to share, the follow-up groups and the participation figures (aggregates only).
 * The CSV files and the JSON document are both made from this; the JSON Schema that
 * describes it is static/schema/gathering-export-1.json.
 */
import type { Db } from '../db/client';
import type { Gathering } from '../db/schema';
import type { BoardReader } from '../board/reader';
import { boardSnapshot } from '../board/snapshot';
import { loadNazit } from '../nazit/store';
import { listGroups } from '../nazit/groups';
import { connections } from '$lib/nazit/views';
import { visibleProfile } from '$lib/nazit/consent';
import { presenceFrom } from '$lib/board/voices-read';
import { computeMetrics } from '$lib/voices/metrics';
import { coverageByTopic } from '$lib/voices/report';
import { toCsv, type Cell, type Delimiter } from './csv';

export const EXPORT_VERSION = 1;
export const EXPORT_SCHEMA = '/schema/gathering-export-1.json';

type Contact = { name: string; email: string | null; phone: string | null; initiative: string | null };

export type GatheringExport = {
	$schema: string;
	version: number;
	exportedAt: string;
	gathering: { title: string; place: string | null; date: string | null; phase: string; closedAt: string | null };
	topics: { title: string; dots: number; status: string; outcome: string; continuers: number }[];
	connections: { topic: string | null; a: Contact; b: Contact }[];
	groups: { topic: string; contact: string | null; date: string | null; time: string | null; place: string | null; members: number }[];
	participation: {
		present: number;
		heard: number;
		totalSpeakingSeconds: number;
		gini: number;
		effectiveVoices: number;
		topicsProposed: number;
		dotsPlaced: number;
		perTopic: { topic: string; speakers: number; heard: number; speakingSeconds: number }[];
	};
};

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

export async function gatheringExport(db: Db, boards: BoardReader, gathering: Gathering, now = Date.now()): Promise<GatheringExport> {
	const [board, rows, groups] = await Promise.all([boardSnapshot(boards, gathering.id), loadNazit(db, gathering.id), listGroups(db, gathering.id)]);
	const titleOf = new Map(board.topics.map((t) => [t.id, t.title]));
	const dotsOn = new Map<string, number>();
	for (const d of board.dots) dotsOn.set(d.topicId, (dotsOn.get(d.topicId) ?? 0) + d.count);
	const continuers = new Map<string, number>();
	for (const i of rows.interests) continuers.set(i.topicId, (continuers.get(i.topicId) ?? 0) + 1);
	const presence = presenceFrom(board.voices);
	const metrics = computeMetrics({ turns: board.voices.turns, presence, window: { from: 0, to: now }, now });
	const contact = (side: { name: string; visible: ReturnType<typeof visibleProfile> }): Contact => ({
		name: side.name,
		email: side.visible.email,
		phone: side.visible.phone,
		initiative: side.visible.initiative
	});
	const nameOf = new Map(rows.people.map((p) => [p.id, p.name]));
	const live = board.topics.filter((t) => t.status !== 'withdrawn' && t.status !== 'merged');
	return {
		$schema: EXPORT_SCHEMA,
		version: EXPORT_VERSION,
		exportedAt: new Date(now).toISOString(),
		gathering: { title: gathering.title, place: gathering.place, date: gathering.date, phase: gathering.phase, closedAt: gathering.closedAt?.toISOString() ?? null },
		topics: live
			.map((t) => ({ title: t.title, dots: dotsOn.get(t.id) ?? 0, status: t.status, outcome: t.outcome, continuers: continuers.get(t.id) ?? 0 }))
			.sort((a, b) => b.dots - a.dots || a.title.localeCompare(b.title)),
		connections: connections(rows).map((c) => ({ topic: c.topicId ? (titleOf.get(c.topicId) ?? null) : null, a: contact(c.a), b: contact(c.b) })),
		groups: groups.map((g) => ({
			topic: g.topicTitle,
			contact: g.contactId ? (nameOf.get(g.contactId) ?? null) : null,
			date: g.date,
			time: g.time,
			place: g.place,
			members: continuers.get(g.topicId) ?? 0
		})),
		participation: {
			present: metrics.present,
			heard: metrics.heard,
			totalSpeakingSeconds: Math.round(metrics.totalSpeakingMs / 1000),
			gini: round(metrics.gini),
			effectiveVoices: round(metrics.effectiveVoices),
			topicsProposed: live.length,
			dotsPlaced: board.dots.reduce((s, d) => s + d.count, 0),
			perTopic: coverageByTopic(board.voices.turns, presence, now).map((t) => ({
				topic: titleOf.get(t.topicId) ?? '',
				speakers: t.speakers,
				heard: t.heard,
				speakingSeconds: Math.round(t.speakingMs / 1000)
			}))
		}
	};
}

export const CSV_FILES = ['connections', 'topics', 'groups', 'participation'] as const;
export type CsvFile = (typeof CSV_FILES)[number];

/** One of the CSV files. Column names are English and stable: they are an interface. */
export function exportCsv(data: GatheringExport, file: CsvFile, delimiter: Delimiter): string {
	const tables: Record<CsvFile, () => [string[], Cell[][]]> = {
		connections: () => [
			['topic', 'person_a', 'email_a', 'phone_a', 'initiative_a', 'person_b', 'email_b', 'phone_b', 'initiative_b'],
			data.connections.map((c) => [c.topic, c.a.name, c.a.email, c.a.phone, c.a.initiative, c.b.name, c.b.email, c.b.phone, c.b.initiative])
		],
		topics: () => [['topic', 'dots', 'status', 'outcome', 'continuers'], data.topics.map((t) => [t.title, t.dots, t.status, t.outcome, t.continuers])],
		groups: () => [['topic', 'contact_person', 'date', 'time', 'place', 'members'], data.groups.map((g) => [g.topic, g.contact, g.date, g.time, g.place, g.members])],
		participation: () => {
			const p = data.participation;
			return [
				['measure', 'topic', 'value'],
				[
					['present', null, p.present],
					['heard', null, p.heard],
					['total_speaking_seconds', null, p.totalSpeakingSeconds],
					['gini', null, p.gini],
					['effective_voices', null, p.effectiveVoices],
					['topics_proposed', null, p.topicsProposed],
					['dots_placed', null, p.dotsPlaced],
					['connections', null, data.connections.length],
					...p.perTopic.flatMap((t) => [
						['topic_speakers', t.topic, t.speakers] as Cell[],
						['topic_heard', t.topic, t.heard] as Cell[],
						['topic_speaking_seconds', t.topic, t.speakingSeconds] as Cell[]
					])
				]
			];
		}
	};
	const [header, rows] = tables[file]();
	return toCsv(header, rows, delimiter);
}
