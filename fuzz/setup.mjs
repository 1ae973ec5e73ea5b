/**
 * The people and boards a fuzz run needs, made over HTTP as browsers make them: the
 * facilitator signs up and opens two gatherings — the fuzzed one and a bystander whose
 * honest phone must not notice the fuzzing — guests join both, one guest of the fuzzed
 * gathering is appointed note-taker (a write connection), and the fuzzed board is made
 * hostile in the ways an ordinary evening can: many topics with dots, merges, pins, a topic
 * on the table, and a long note the facilitator typed and deleted again (a long deleted run:
 * what a delete range can point at without costing the sender anything).
 */
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { connectPhone, joinMany, openGathering, realtimeUrl, sendAcknowledged, signUpHost, sleep } from '../bench/harness.mjs';

export const GUESTS = 6;
const TOPICS_PER_GUEST = 8;
/** The note the facilitator types and deletes: long enough that walking it clock by clock is slow. */
export const NOTE_CHARS = 20_000;
const NOTE_CHUNK_CHARS = 100;
/** Time for the server to commit the facilitator's last edits before anything reads them. */
const SETTLE_MS = 500;

/** The participant id of `name` as the facilitator's console lists it. */
async function participantIdOf(host, gatheringId, name) {
	const html = (await host.get(`/g/${gatheringId}`)).body.toString();
	const row = html.split('<li class="participant').slice(1).find((r) => r.includes(`>${name}<`));
	const id = row && /name="participantId" value="([a-z2-7]+)"/.exec(row)?.[1];
	if (!id) throw new Error(`${name} is not on the console of ${gatheringId}`);
	return id;
}

export async function setUpPeople(base) {
	const host = await signUpHost(base);
	const hostCookie = host.cookie();
	const fuzzed = await openGathering(host, 'Fuzzed');
	const bystander = await openGathering(host, 'Bystander');
	const state = { joined: 0 };
	const guests = await joinMany(base, fuzzed.code, GUESTS, { state, namePrefix: 'Guest' });
	const [noteTaker] = await joinMany(base, fuzzed.code, 1, { state, namePrefix: 'Notes' });
	const appointed = await host.post(`/g/${fuzzed.id}?/noteTaker`, { participantId: await participantIdOf(host, fuzzed.id, 'Notes 1'), noteTaker: 'on' });
	if (appointed.status !== 200) throw new Error(`appointing the note-taker failed: ${appointed.status}`);
	const [bystanderPhone] = await joinMany(base, bystander.code, 1, { state, namePrefix: 'Bystander' });
	const probeTopic = randomUUID();
	await sendAcknowledged(base, bystander.id, bystanderPhone, 'addTopic', { title: 'Still here?' }, probeTopic);
	return { hostCookie, fuzzed: fuzzed.id, bystander: bystander.id, guests, noteTaker, bystanderPhone, probeTopic, joinState: state };
}

/** Topics, dots, merges, pins, the table, and the long deleted note. Facilitator commands stay under the rate limit. */
export async function makeBoardHostile(base, people) {
	const { fuzzed, hostCookie, guests } = people;
	const command = (cookie, type, args) => sendAcknowledged(base, fuzzed, cookie, type, args);
	await command(hostCookie, 'setPhase', { phase: 'agenda' });
	const topics = [];
	await Promise.all(
		guests.map(async (cookie, g) => {
			for (let t = 0; t < TOPICS_PER_GUEST; t++) {
				const id = randomUUID();
				await sendAcknowledged(base, fuzzed, cookie, 'addTopic', { title: `Topic ${g}.${t} ${'é'.repeat(t)}`, details: 'd'.repeat(t * 100) }, id);
				topics.push(id);
			}
		})
	);
	await Promise.all(guests.map(async (cookie, g) => {
		for (let d = 0; d < 3; d++) await command(cookie, 'placeDot', { topicId: topics[(g * 7 + d) % topics.length] });
	}));
	for (let m = 0; m < 4; m++) await command(hostCookie, 'mergeTopics', { sourceId: topics[m * 2], targetId: topics[m * 2 + 1] });
	await command(hostCookie, 'pin', { topicId: topics[10], pinned: true });
	await command(hostCookie, 'pin', { topicId: topics[11], pinned: true });
	await command(hostCookie, 'hideTopic', { topicId: topics[12], hidden: true });
	await command(hostCookie, 'putOnTable', { topicId: topics[13] });
	await typeAndDeleteNote(base, fuzzed, hostCookie);
}

async function typeAndDeleteNote(base, gatheringId, cookie) {
	const facilitator = connectPhone(realtimeUrl(base), gatheringId, cookie);
	await facilitator.synced;
	const notes = facilitator.doc.getMap('notes');
	const text = new Y.Text();
	notes.set('long-note', text);
	for (let at = 0; at < NOTE_CHARS; at += NOTE_CHUNK_CHARS) text.insert(at, 'x'.repeat(NOTE_CHUNK_CHARS));
	while (text.length) text.delete(0, Math.min(text.length, 10 * NOTE_CHUNK_CHARS));
	await sleep(SETTLE_MS);
	facilitator.destroy();
}
