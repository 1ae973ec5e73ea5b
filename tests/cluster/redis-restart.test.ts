/**
 * Redis restarted during a live discussion. Commands keep being committed (PostgreSQL is the
 * truth; limits fall back to each node), phones on other nodes keep receiving them through
 * the periodic re-sync, every node stays in the balancer (`/readyz` 200, `degraded`) for the
 * whole outage, and when Redis is back the nodes reconnect, re-sync and converge.
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/board-client';
import { boardContent, sendWithOutbox, topicTitles, clusterForThisFile, joinPhones } from './helpers/cluster';
import { until } from './helpers/processes';

const shared = clusterForThisFile();
const phones = shared.phones;

describe('Redis restarted mid-session', () => {
	it('nodes reconnect, re-sync and converge without a lost update', async () => {
		const { people } = await joinPhones(shared, 9, 'Bewoner');

		const acknowledged: string[] = [];
		let whileDown = 0;
		let down = false;
		const senders = people.map(async (person, i) => {
			for (let k = 0; k < 8; k++) {
				const title = `Bewoner ${i + 1} punt ${k + 1}`;
				await sendWithOutbox(shared.cluster.url, shared.setup.gatheringId, person.cookie, 'addTopic', { title });
				acknowledged.push(title);
				if (down) whileDown++;
				await new Promise((r) => setTimeout(r, 150));
			}
		});
		await until(() => acknowledged.length >= 15, 'the discussion to get going');

		await shared.cluster.redis.stop();
		down = true;
		// Every node says the bus is down, yet stays ready for a balancer: it still serves.
		const probes: { node: number; status: number; body: { status: string; bus?: string } }[] = [];
		const probeAll = async () => {
			for (const [i, n] of shared.cluster.nodes.entries()) {
				const response = await fetch(`${n.url}/readyz`);
				probes.push({ node: i, status: response.status, body: await response.json() });
			}
		};
		await until(async () => {
			await probeAll();
			return shared.cluster.nodes.every((_, i) => probes.some((p) => p.node === i && p.body.status === 'degraded'));
		}, 'every node to report the bus down');
		await until(async () => {
			await probeAll();
			return whileDown >= 12;
		}, 'commands acknowledged while Redis is down', 30_000, 250);
		// Phones still see commands made on other nodes: the periodic re-sync reads the log.
		const sample = acknowledged[acknowledged.length - 1];
		await Promise.all(phones.map((p) => waitFor(p.doc, () => topicTitles(p.doc).has(sample), 30_000)));

		await probeAll();
		// Not one probe during the outage took a node out.
		expect(probes.filter((p) => p.status !== 200)).toEqual([]);
		expect(probes.filter((p) => p.body.status === 'degraded').every((p) => p.body.bus === 'down')).toBe(true);
		expect(probes.at(-1)!.body).toMatchObject({ status: 'degraded', database: 'ok', bus: 'down' });

		await shared.cluster.redis.start();
		down = false;
		await Promise.all(senders);
		await until(async () => (await Promise.all(shared.cluster.nodes.map(async (n) => (await fetch(`${n.url}/readyz`)).json()))).every((b) => b.status === 'ready'), 'every node ready again');

		await Promise.all(phones.map((p) => waitFor(p.doc, () => acknowledged.every((t) => topicTitles(p.doc).has(t)), 60_000)));
		await until(() => new Set(phones.map((p) => boardContent(p.doc))).size === 1, 'replicas to converge');
		// The fan-out works again after the restart (not only the periodic re-sync).
		const reconnects = await Promise.all(shared.cluster.nodes.map((n) => n.metric('opentafel_bus_reconnects_total')));
		expect(reconnects.every((r) => r >= 1)).toBe(true);
		const resyncs = await Promise.all(shared.cluster.nodes.map((n) => n.metric('opentafel_resyncs_total')));
		expect(resyncs.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
		const published = await shared.cluster.nodes[0].metric('opentafel_bus_published_total');
		await sendWithOutbox(shared.cluster.nodes[0].url, shared.setup.gatheringId, people[0].cookie, 'raiseHand', {});
		await until(async () => (await shared.cluster.nodes[0].metric('opentafel_bus_published_total')) > published, 'a publish after the restart');
		console.log(`Redis restart: ${whileDown} commands acknowledged while it was down, ${probes.length} readiness probes all 200; re-syncs per node ${resyncs.join(', ')}`);
	});
});
