/**
 * A node that starts after an evening's worth of board updates (an hour: one change a
 * second, 60 people) loads the board from the database and converges with the nodes that
 * were there all along — which learn about updates written behind their back (straight into
 * the log, no bus message) from the periodic re-sync.
 */
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor, type BoardClient } from '../helpers/board-client';
import { setUpGathering, type Setup } from '../helpers/gathering-setup';
import { applyCommand } from '../../src/lib/board/apply';
import { board } from '../../src/lib/board/doc';
import { boardContent, phone, sendWithOutbox, startTestCluster, type TestCluster } from './helpers/cluster';
import { until } from './helpers/processes';

let cluster: TestCluster;
let setup: Setup;
const phones: BoardClient[] = [];

beforeAll(async () => {
	cluster = await startTestCluster({ nodes: 2 });
	setup = await setUpGathering(cluster.url);
});
afterAll(async () => {
	for (const p of phones) p.destroy();
	await cluster?.stop();
});

const HOUR_S = 3600;
const PEOPLE = 60;

/** One change a second for an hour, made with the board's own rules; returns the updates in order. */
function anHourOfUpdates(start: number): { updates: Uint8Array[]; topics: number } {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	const settings = { dotsPerParticipant: 3, maxDotsPerTopic: 2 };
	const facilitator = { kind: 'facilitator' as const, id: 'f'.repeat(26) };
	const person = (i: number) => ({ kind: 'participant' as const, id: `p${String(i).padStart(25, 'a')}`, name: `Persoon ${i}` });
	const topics: string[] = [];
	for (let s = 0; s < HOUR_S; s++) {
		const now = start + s * 1000;
		const who = person(s % PEOPLE);
		const id = `00000000-0000-4000-8000-${String(s).padStart(12, '0')}`;
		let command: Record<string, unknown>;
		let actor: typeof facilitator | ReturnType<typeof person> = who;
		switch (s % 6) {
			case 0:
			case 3:
				command = { id, type: 'addTopic', args: { title: `Uur-onderwerp ${s}`, details: '' } };
				break;
			case 1:
				command = { id, type: 'placeDot', args: { topicId: topics[(s * 7) % Math.max(1, topics.length)] ?? id } };
				break;
			case 2:
				command = { id, type: 'raiseHand', args: { kind: 'contribution' } };
				break;
			case 4:
				actor = facilitator;
				command = { id, type: 'giveFloor', args: {} };
				break;
			default:
				command = { id, type: 'removeDot', args: { topicId: topics[(s * 5) % Math.max(1, topics.length)] ?? id } };
		}
		const result = applyCommand(doc, command as never, { actor, settings, now }, { kind: 'command' });
		if (result.ok && result.topicId) topics.push(result.topicId);
	}
	return { updates, topics: topics.length };
}

describe('a node started late', () => {
	it('converges from the database after an hour of updates', async () => {
		const early = await setup.join('Vroege vogel');
		const onFirst = phone(cluster.nodes[0].url, setup.gatheringId, early.cookie);
		const onSecond = phone(cluster.nodes[1].url, setup.gatheringId, early.cookie);
		phones.push(onFirst, onSecond);
		await Promise.all(phones.map((p) => p.synced));
		await sendWithOutbox(cluster.url, setup.gatheringId, early.cookie, 'addTopic', { title: 'Van voor het uur' });

		const { updates, topics: expected } = anHourOfUpdates(Date.now() - HOUR_S * 1000);
		expect(updates.length).toBeGreaterThan(1_000);
		for (let i = 0; i < updates.length; i += 500) {
			const rows = updates.slice(i, i + 500).map((data) => ({ gathering_id: setup.gatheringId, data: Buffer.from(data) }));
			await cluster.db.sql`insert into board_updates ${cluster.db.sql(rows)}`;
		}
		const hourTopics = (doc: Y.Doc) => [...board(doc).topics.values()].filter((t) => t.title.startsWith('Uur-onderwerp')).length;
		expect(expected).toBeGreaterThan(300);

		// The nodes that were running got no bus message for these: the periodic re-sync finds them.
		await Promise.all([onFirst, onSecond].map((p) => waitFor(p.doc, () => hourTopics(p.doc) >= expected, 30_000)));

		const started = performance.now();
		const late = await cluster.addNode('node-late');
		const onLate = phone(late.url, setup.gatheringId, early.cookie);
		phones.push(onLate);
		await onLate.synced;
		const loadMs = performance.now() - started;
		expect(hourTopics(onLate.doc)).toBe(expected);
		await until(() => new Set(phones.map((p) => boardContent(p.doc))).size === 1, 'the late node to converge');

		// And it takes part from then on, both ways.
		await sendWithOutbox(late.url, setup.gatheringId, early.cookie, 'raiseHand', {});
		await sendWithOutbox(cluster.nodes[0].url, setup.gatheringId, early.cookie, 'lowerHand', {});
		await until(() => new Set(phones.map((p) => boardContent(p.doc))).size === 1, 'all three to converge again');
		console.log(`late node: ${updates.length} logged updates, started and synced a phone in ${loadMs.toFixed(0)} ms`);
	});
});
