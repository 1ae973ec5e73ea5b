/**
 * The topics' rules: adding, editing, withdrawing, dots, merging, the table, pins, hiding and
 * the phase. Each applier checks everything first and only then writes, so a refused command
 * leaves the doc untouched.
 *
 * Invariants kept here:
 * - a participant's dots over all topics never exceed the budget, nor the per-topic maximum
 *   on any one topic;
 * - at most one topic is on the table.
 */
import { dotKey, parseDotKey, type Board } from './doc';
import {
	MAX_OPEN_TOPICS_PER_PARTICIPANT,
	MAX_OUTCOME_CHARS,
	MAX_TOPIC_DETAILS_CHARS,
	MAX_TOPIC_TITLE_CHARS
} from './commands';
import type { Appliers, ParticipantActor } from './applier';
import { getOnTable, setOnTable, setPhase } from './meta';
import { OK, fail, log, type ApplyContext, type ApplyResult, type BoardError } from './result';
import type { BoardSettings, Topic } from './types';
import { charCount, checkLabel, hasVisibleCharacters, tidyMultiline, type LabelError } from '../validation/text';

/** The topics' appliers; apply.ts joins them with the voices' into one full table. */
export const TOPIC_APPLIERS = {
	addTopic: (b, c, ctx) => addTopic(b, c.id, c.args, ctx.actor, ctx.now),
	addTopicFor: (b, c, ctx) => {
		if (!ctx.subject) return fail('unknown_participant');
		return addTopic(b, c.id, c.args, { kind: 'participant', ...ctx.subject }, ctx.now, true);
	},
	editTopic: (b, c, ctx) => editTopic(b, c.args, ctx.actor),
	withdrawTopic: (b, c, ctx) => withdrawTopic(b, c.args.topicId, ctx.actor),
	placeDot: (b, c, ctx) => placeDot(b, c.args.topicId, ctx.actor.id, ctx.settings),
	removeDot: (b, c, ctx) => removeDot(b, c.args.topicId, ctx.actor.id),
	mergeTopics: (b, c, ctx) => mergeTopics(b, c.args.sourceId, c.args.targetId, ctx),
	unmerge: (b, c, ctx) => unmerge(b, c.args.topicId, ctx),
	putOnTable: (b, c) => putOnTable(b, c.args.topicId),
	markDiscussed: (b, c) => markDiscussed(b, c.args.topicId, c.args.outcome),
	park: (b, c) => park(b, c.args.topicId, c.args.parked),
	pin: (b, c, ctx) => pin(b, c.args.topicId, c.args.pinned, ctx),
	reorder: (b, c, ctx) => reorder(b, c.args.topicId, c.args.position, ctx),
	hideTopic: (b, c, ctx) => hideTopic(b, c.args.topicId, c.args.hidden, ctx),
	setPhase: (b, c, ctx) => {
		setPhase(b, c.args.phase);
		if (c.args.phase === 'closed') setOnTable(b, null);
		log(b, ctx, { action: 'phase', detail: c.args.phase });
		return OK;
	}
} satisfies Partial<Appliers>;

const TITLE_ERRORS = {
	required: 'title_required',
	invisible: 'title_invisible',
	too_long: 'title_too_long',
	invalid_characters: 'invalid_characters'
} as const satisfies Record<LabelError, BoardError>;

function checkTopicText(rawTitle: string, rawDetails: string): { title: string; details: string } | BoardError {
	const title = checkLabel(rawTitle, { maxChars: MAX_TOPIC_TITLE_CHARS, required: true });
	if (!title.ok) return TITLE_ERRORS[title.error];
	// Details may have line breaks; only other control characters are refused.
	const tidied = tidyMultiline(rawDetails);
	if (/[\p{Cc}]/u.test(tidied.replace(/\r?\n/g, ''))) return 'invalid_characters';
	const details = hasVisibleCharacters(tidied) ? tidied : '';
	if (charCount(details) > MAX_TOPIC_DETAILS_CHARS) return 'details_too_long';
	return { title: title.value, details };
}

/** Topics that still take part in the agenda (can be voted on, put on the table). */
function isLive(topic: Topic): boolean {
	return topic.status === 'open' || topic.status === 'parked';
}

function addTopic(b: Board, id: string, args: { title: string; details: string }, actor: ParticipantActor, now: number, byProxy = false) {
	const text = checkTopicText(args.title, args.details);
	if (typeof text === 'string') return fail(text);
	if (b.topics.has(id)) return fail('not_editable');
	let open = 0;
	for (const t of b.topics.values()) if (t.authorId === actor.id && isLive(t)) open++;
	if (open >= MAX_OPEN_TOPICS_PER_PARTICIPANT) return fail('too_many_topics');
	const topic: Topic = {
		id,
		...text,
		authorId: actor.id,
		authorName: actor.name,
		coAuthors: [],
		createdAt: now,
		status: 'open',
		hidden: false,
		pin: null,
		outcome: '',
		merge: null,
		...(byProxy ? { byProxy: true } : {})
	};
	b.topics.set(id, topic);
	return { ok: true, topicId: id } as ApplyResult;
}

function ownEditable(b: Board, topicId: string, actor: ParticipantActor): Topic | BoardError {
	const topic = b.topics.get(topicId);
	if (!topic) return 'not_found';
	if (topic.authorId !== actor.id) return 'not_yours';
	if (topic.status !== 'open' || getOnTable(b) === topicId) return 'not_editable';
	return topic;
}

function editTopic(b: Board, args: { topicId: string; title: string; details: string }, actor: ParticipantActor) {
	const topic = ownEditable(b, args.topicId, actor);
	if (typeof topic === 'string') return fail(topic);
	const text = checkTopicText(args.title, args.details);
	if (typeof text === 'string') return fail(text);
	b.topics.set(topic.id, { ...topic, ...text });
	return OK;
}

function withdrawTopic(b: Board, topicId: string, actor: ParticipantActor) {
	const topic = ownEditable(b, topicId, actor);
	if (typeof topic === 'string') return fail(topic);
	// Dots on a withdrawn topic go back to the people who placed them.
	for (const [key] of dotsOn(b, topicId)) b.dots.delete(key);
	b.topics.set(topicId, { ...topic, status: 'withdrawn', pin: null });
	return OK;
}

function dotsOn(b: Board, topicId: string): [string, string, number][] {
	const out: [string, string, number][] = [];
	for (const [key, n] of b.dots.entries()) {
		const parsed = parseDotKey(key);
		if (parsed.topicId === topicId) out.push([key, parsed.participantId, n]);
	}
	return out;
}

export function dotsSpent(b: Board, participantId: string): number {
	let spent = 0;
	for (const [key, n] of b.dots.entries()) if (parseDotKey(key).participantId === participantId) spent += n;
	return spent;
}

function placeDot(b: Board, topicId: string, participantId: string, settings: BoardSettings) {
	const topic = b.topics.get(topicId);
	if (!topic || topic.hidden) return fail('not_found');
	if (!isLive(topic)) return fail('not_editable');
	if (dotsSpent(b, participantId) >= settings.dotsPerParticipant) return fail('budget_spent');
	const key = dotKey(topicId, participantId);
	const here = b.dots.get(key) ?? 0;
	if (here >= settings.maxDotsPerTopic) return fail('topic_max');
	b.dots.set(key, here + 1);
	return OK;
}

function removeDot(b: Board, topicId: string, participantId: string) {
	const key = dotKey(topicId, participantId);
	const here = b.dots.get(key) ?? 0;
	if (here <= 0) return fail('no_dot');
	if (here === 1) b.dots.delete(key);
	else b.dots.set(key, here - 1);
	return OK;
}

function mergeTopics(b: Board, sourceId: string, targetId: string, ctx: ApplyContext) {
	if (sourceId === targetId) return fail('same_topic');
	const source = b.topics.get(sourceId);
	const target = b.topics.get(targetId);
	if (!source || !target) return fail('not_found');
	if (!isLive(source) || !isLive(target)) return fail('not_editable');
	const moved: Record<string, number> = {};
	const returned: Record<string, number> = {};
	for (const [key, participantId, n] of dotsOn(b, sourceId)) {
		const targetKey = dotKey(targetId, participantId);
		const already = b.dots.get(targetKey) ?? 0;
		const fits = Math.max(0, Math.min(n, ctx.settings.maxDotsPerTopic - already));
		if (fits > 0) {
			b.dots.set(targetKey, already + fits);
			moved[participantId] = fits;
		}
		if (n - fits > 0) returned[participantId] = n - fits;
		b.dots.delete(key);
	}
	const known = new Set([target.authorId, ...target.coAuthors.map((a) => a.id)]);
	const incoming = [{ id: source.authorId, name: source.authorName }, ...source.coAuthors].filter(
		(a) => !known.has(a.id) && known.add(a.id)
	);
	b.topics.set(targetId, { ...target, coAuthors: [...target.coAuthors, ...incoming] });
	b.topics.set(sourceId, {
		...source,
		status: 'merged',
		pin: null,
		merge: { into: targetId, moved, returned, addedAuthors: incoming.map((a) => a.id), previousStatus: source.status }
	});
	if (getOnTable(b) === sourceId) setOnTable(b, targetId);
	log(b, ctx, { action: 'merge', topicId: sourceId, detail: targetId });
	return OK;
}

/**
 * Puts a merged topic back as it was. Dots return to the source even when their owner has
 * moved dots around since, as long as the budget allows: the budget invariant wins.
 */
function unmerge(b: Board, topicId: string, ctx: ApplyContext) {
	const source = b.topics.get(topicId);
	if (!source) return fail('not_found');
	if (source.status !== 'merged' || !source.merge) return fail('not_merged');
	const { into, moved, returned, addedAuthors, previousStatus } = source.merge;
	const target = b.topics.get(into);
	for (const [participantId, n] of Object.entries(moved)) {
		const key = dotKey(into, participantId);
		const left = (b.dots.get(key) ?? 0) - n;
		if (left > 0) b.dots.set(key, left);
		else b.dots.delete(key);
	}
	for (const participantId of new Set([...Object.keys(moved), ...Object.keys(returned)])) {
		const wanted = (moved[participantId] ?? 0) + (returned[participantId] ?? 0);
		const room = ctx.settings.dotsPerParticipant - dotsSpent(b, participantId);
		const back = Math.min(wanted, Math.max(0, room), ctx.settings.maxDotsPerTopic);
		if (back > 0) b.dots.set(dotKey(topicId, participantId), back);
	}
	if (target) {
		const removed = new Set(addedAuthors);
		b.topics.set(into, { ...target, coAuthors: target.coAuthors.filter((a) => !removed.has(a.id)) });
	}
	b.topics.set(topicId, { ...source, status: previousStatus, merge: null });
	log(b, ctx, { action: 'unmerge', topicId, detail: into });
	return OK;
}

function putOnTable(b: Board, topicId: string | null) {
	if (topicId !== null) {
		const topic = b.topics.get(topicId);
		if (!topic) return fail('not_found');
		if (!isLive(topic)) return fail('not_editable');
		if (topic.status === 'parked') b.topics.set(topicId, { ...topic, status: 'open' });
	}
	setOnTable(b, topicId);
	return OK;
}

function markDiscussed(b: Board, topicId: string, rawOutcome: string) {
	const topic = b.topics.get(topicId);
	if (!topic) return fail('not_found');
	if (!isLive(topic) && topic.status !== 'discussed') return fail('not_editable');
	const checked = checkLabel(rawOutcome, { maxChars: MAX_OUTCOME_CHARS, required: false });
	if (!checked.ok) return fail(checked.error === 'too_long' ? 'outcome_too_long' : 'invalid_characters');
	const outcome = checked.value;
	b.topics.set(topicId, { ...topic, status: 'discussed', outcome, pin: null });
	if (getOnTable(b) === topicId) setOnTable(b, null);
	return OK;
}

function park(b: Board, topicId: string, parked: boolean) {
	const topic = b.topics.get(topicId);
	if (!topic) return fail('not_found');
	if (!isLive(topic)) return fail('not_editable');
	b.topics.set(topicId, { ...topic, status: parked ? 'parked' : 'open' });
	if (parked && getOnTable(b) === topicId) setOnTable(b, null);
	return OK;
}

function pinnedInOrder(b: Board): Topic[] {
	return [...b.topics.values()].filter((t) => t.pin !== null).sort((x, y) => x.pin! - y.pin!);
}

/** Pinned topics get positions 0..n-1 in the given order. */
function renumberPins(b: Board, ordered: Topic[]) {
	ordered.forEach((t, i) => {
		if (t.pin !== i) b.topics.set(t.id, { ...b.topics.get(t.id)!, pin: i });
	});
}

function pin(b: Board, topicId: string, pinned: boolean, ctx: ApplyContext) {
	const topic = b.topics.get(topicId);
	if (!topic) return fail('not_found');
	if (pinned && !isLive(topic)) return fail('not_editable');
	const others = pinnedInOrder(b).filter((t) => t.id !== topicId);
	if (pinned) {
		renumberPins(b, [...others, { ...topic, pin: -1 }]);
	} else {
		b.topics.set(topicId, { ...topic, pin: null });
		renumberPins(b, others);
	}
	log(b, ctx, { action: pinned ? 'pin' : 'unpin', topicId });
	return OK;
}

function reorder(b: Board, topicId: string, position: number, ctx: ApplyContext) {
	const topic = b.topics.get(topicId);
	if (!topic) return fail('not_found');
	if (topic.pin === null) return fail('not_editable');
	const others = pinnedInOrder(b).filter((t) => t.id !== topicId);
	others.splice(Math.min(position, others.length), 0, topic);
	renumberPins(b, others);
	log(b, ctx, { action: 'reorder', topicId, detail: String(position) });
	return OK;
}

function hideTopic(b: Board, topicId: string, hidden: boolean, ctx: ApplyContext) {
	const topic = b.topics.get(topicId);
	if (!topic) return fail('not_found');
	b.topics.set(topicId, { ...topic, hidden });
	if (hidden && getOnTable(b) === topicId) setOnTable(b, null);
	log(b, ctx, { action: hidden ? 'hide' : 'unhide', topicId });
	return OK;
}

