/**
 * The rules a board keeps whatever commands it was sent (src/lib/board/apply.ts), checked on
 * a copy of the doc as a screen receives it. Dots are `dots["<topicId>|<participantId>"] = n`
 * (src/lib/board/doc.ts); a topic's count is the sum of its entries, as readBoard
 * (src/lib/board/read.ts) computes it for the agenda.
 *   - every participant's dots add up to at most the budget, and per topic to at most the
 *     per-topic maximum; every entry is a whole number of at least 1;
 *   - dots lie only on topics that exist and still count (not withdrawn, not merged away);
 *   - the dots of all topics add up to the dots all participants spent;
 *   - the topic on the table exists and still takes part in the agenda (open or parked);
 *   - pinned topics hold the positions 0…n−1, each once.
 * Returns the broken rules as sentences (empty when the board is sound).
 */

const GONE = new Set(['withdrawn', 'merged']);
const LIVE = new Set(['open', 'parked']);

export function brokenRules(doc, { dotsPerParticipant, maxDotsPerTopic }) {
	const topics = doc.getMap('topics');
	const broken = [];
	const perTopic = new Map();
	const perParticipant = new Map();
	for (const [key, n] of doc.getMap('dots').entries()) {
		const at = key.indexOf('|');
		const topicId = key.slice(0, at);
		const participantId = key.slice(at + 1);
		if (!Number.isInteger(n) || n < 1 || n > maxDotsPerTopic) broken.push(`dot entry ${key} holds ${n}`);
		const topic = topics.get(topicId);
		if (!topic) broken.push(`dots on a topic that does not exist: ${key}`);
		else if (GONE.has(topic.status)) broken.push(`dots on a ${topic.status} topic: ${key}`);
		perTopic.set(topicId, (perTopic.get(topicId) ?? 0) + n);
		perParticipant.set(participantId, (perParticipant.get(participantId) ?? 0) + n);
	}
	for (const [participantId, spent] of perParticipant) {
		if (spent > dotsPerParticipant) broken.push(`${participantId} spent ${spent} dots of a budget of ${dotsPerParticipant}`);
	}
	const sum = (m) => [...m.values()].reduce((a, b) => a + b, 0);
	if (sum(perTopic) !== sum(perParticipant)) broken.push(`topics count ${sum(perTopic)} dots, participants spent ${sum(perParticipant)}`);
	const onTable = doc.getMap('meta').get('onTable') ?? null;
	if (onTable !== null) {
		const topic = topics.get(onTable);
		if (!topic || !LIVE.has(topic.status)) broken.push(`on the table: ${onTable} (${topic?.status ?? 'missing'})`);
	}
	const pins = [...topics.values()].filter((t) => t.pin !== null && t.pin !== undefined).map((t) => t.pin).sort((a, b) => a - b);
	if (pins.some((p, i) => p !== i)) broken.push(`pins are ${pins.join(',')}, not 0…${pins.length - 1}`);
	return broken;
}
