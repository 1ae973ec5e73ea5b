/**
 * Introductions: who might want to meet whom, each with a reason a person can check.
 *   - two people who both want to continue on the same topic;
 *   - one offers what the other is looking for: their lines share a meaningful word (longer
 *     than three letters, not a common word, compared without accents and case);
 *   - a topic with three or more continuers: a small group.
 * Only lines their owners share with the people here are read. Pairs already connected or
 * asked are left out; the phone shows the suggestions that include the viewer.
 */
export type MatchPerson = {
	id: string;
	topics: string[];
	/** null when not shared. */
	offer: string | null;
	lookingFor: string | null;
};

export type Introduction =
	| { kind: 'same_topic'; people: [string, string]; topicId: string }
	| { kind: 'offer'; people: [string, string]; offeredBy: string; words: string[] }
	| { kind: 'group'; people: string[]; topicId: string };

export const GROUP_FROM = 3;

/** Words too common to mean a match, in Dutch and English. */
const STOP = new Set(
	'voor zijn wordt worden heeft hebben maar ook niet meer over iets iemand andere andere mijn jouw onze deze die dat met van een het wat wie waar hoe kan kunnen graag mensen with that this from have what your some someone something people more about want would could their they them there help hulp zoek zoeken looking offer bied bieden'.split(
		' '
	)
);

export function keywords(text: string | null): Set<string> {
	if (!text) return new Set();
	const plain = text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
	return new Set((plain.match(/\p{L}{4,}/gu) ?? []).filter((w) => !STOP.has(w)));
}

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

export function introductions(people: MatchPerson[], exclude: Iterable<[string, string]> = []): Introduction[] {
	const excluded = new Set([...exclude].map(([a, b]) => pairKey(a, b)));
	const result: Introduction[] = [];
	const byTopic = new Map<string, string[]>();
	for (const p of people) for (const t of new Set(p.topics)) byTopic.set(t, [...(byTopic.get(t) ?? []), p.id]);

	const seenPairs = new Set<string>();
	for (const [topicId, ids] of [...byTopic].sort(([a], [b]) => (a < b ? -1 : 1))) {
		if (ids.length >= GROUP_FROM) result.push({ kind: 'group', people: [...ids].sort(), topicId });
		for (let i = 0; i < ids.length; i++)
			for (let j = i + 1; j < ids.length; j++) {
				const key = pairKey(ids[i], ids[j]);
				if (excluded.has(key) || seenPairs.has(key)) continue;
				seenPairs.add(key);
				const pair = [ids[i], ids[j]].sort() as [string, string];
				result.push({ kind: 'same_topic', people: pair, topicId });
			}
	}
	const looking = people.map((p) => ({ id: p.id, words: keywords(p.lookingFor) }));
	for (const giver of people) {
		const offered = keywords(giver.offer);
		if (offered.size === 0) continue;
		for (const taker of looking) {
			if (taker.id === giver.id || excluded.has(pairKey(giver.id, taker.id))) continue;
			const words = [...taker.words].filter((w) => offered.has(w)).sort();
			if (words.length > 0) result.push({ kind: 'offer', people: [giver.id, taker.id].sort() as [string, string], offeredBy: giver.id, words });
		}
	}
	return result;
}
