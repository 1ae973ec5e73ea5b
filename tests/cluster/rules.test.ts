/**
 * Rules that used to live in one process hold across nodes: the rate limits (a person
 * cannot gain budget by switching node) and the board's "one live turn" and "one topic on
 * the table", with commands racing each other on different nodes.
 */
import { describe, expect, it } from 'vitest';
import { sendCommand } from '../helpers/board-client';
import { Client } from '../helpers/http-client';
import { board } from '../../src/lib/board/doc';
import { getOnTable } from '../../src/lib/board/meta';
import { boardContent, phone, clusterForThisFile } from './helpers/cluster';
import { until } from './helpers/processes';

const shared = clusterForThisFile();
const phones = shared.phones;

describe('rules across nodes', () => {
	it('a participant cannot exceed the command limit by switching node', async () => {
		const person = await shared.setup.join('Snelle typer');
		const statuses: number[] = [];
		const started = Date.now();
		// 45 commands, in bursts of three, each burst spread over the three nodes.
		for (let i = 0; i < 15; i++) {
			const burst = shared.cluster.nodes.map((n, k) => sendCommand(n.url, shared.setup.gatheringId, person.cookie, (i + k) % 2 ? 'lowerHand' : 'raiseHand', {}));
			statuses.push(...(await Promise.all(burst)).map((a) => a.status));
		}
		const passed = statuses.filter((s) => s !== 429).length;
		// 20 per 10 s: one shared budget plus what refilled while sending (2 per second: a loaded
		// machine sends slowly), not 20 per node.
		const refilled = Math.ceil(((Date.now() - started) / 10_000) * 20);
		expect(passed).toBeGreaterThanOrEqual(20);
		expect(passed).toBeLessThanOrEqual(20 + refilled + 1);
		expect(passed).toBeLessThan(45);
	});

	it('log-in throttling counts failures from every node together', async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 7; i++) {
			// Straight to a node, without the proxy's address header: all from one (unknown) address.
			const node = shared.cluster.nodes[i % 3];
			const response = await new Client(node.url).post('/login', { email: 'host@example.org', password: `fout wachtwoord ${i}` }, shared.cluster.url);
			statuses.push(response.status);
		}
		// Five failures per address and account, wherever they arrived; then a wait that grows.
		expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
		expect(statuses.slice(5)).toEqual([429, 429]);
		// Through nginx, from the address nginx reports (another one), the right password still works.
		const host = new Client(shared.cluster.url);
		expect((await host.post('/login', { email: 'host@example.org', password: 'een lange zin als wachtwoord' })).status).toBe(303);
	});

	it('unknown join codes slow their address down on every node, and the right code still gets through', async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 22; i++) {
			const node = shared.cluster.nodes[i % 3];
			const code = `ZZZZ${'23456789ABCDEFGHJKMNPQRSTUVWXY'[i]}Z`;
			statuses.push(code === shared.setup.joinCode ? 404 : (await new Client(node.url).get(`/j/${code}`)).status);
		}
		// Twenty unknown codes per address, counted together; then 429 with a time to wait.
		expect(statuses.slice(0, 20)).toEqual(Array(20).fill(404));
		expect(statuses.slice(20)).toEqual([429, 429]);
		const newcomer = await new Client(shared.cluster.nodes[0].url).get(`/j/${shared.setup.joinCode}`);
		expect(newcomer.status).toBe(200);
	});

	it('one live turn and one topic on the table, with commands racing on different nodes', async () => {
		const people: { cookie: string }[] = [];
		for (let i = 0; i < 3; i++) people.push(await shared.setup.join(`Spreker ${i + 1}`));
		const topicIds: string[] = [];
		for (const [i, person] of people.entries()) {
			const added = await sendCommand(shared.cluster.url, shared.setup.gatheringId, person.cookie, 'addTopic', { title: `Tafelonderwerp ${i + 1}` });
			topicIds.push(added.body.topicId!);
		}
		const watchers = shared.cluster.nodes.map((n) => phone(n.url, shared.setup.gatheringId, people[0].cookie));
		phones.push(...watchers);
		await Promise.all(watchers.map((w) => w.synced));
		await until(() => topicIds.every((id) => board(watchers[0].doc).topics.has(id)), 'the topics');
		// Each topic's author is one of the speakers: their ids as the server knows them.
		const participantIds = topicIds.map((id) => board(watchers[0].doc).topics.get(id)!.authorId);

		for (let round = 0; round < 3; round++) {
			// Each node is asked, at the same moment, to give the floor to someone else and to
			// put another topic on the table.
			const answers = await Promise.all(
				shared.cluster.nodes.flatMap((n, k) => [
					sendCommand(n.url, shared.setup.gatheringId, shared.setup.facilitatorCookie, 'giveFloor', { participantId: participantIds[(k + round) % participantIds.length] }),
					sendCommand(n.url, shared.setup.gatheringId, shared.setup.facilitatorCookie, 'putOnTable', { topicId: topicIds[(k + round) % topicIds.length] })
				])
			);
			expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
		}
		await until(() => new Set(watchers.map((w) => boardContent(w.doc))).size === 1, 'the nodes to agree');
		const b = board(watchers[0].doc);
		const turns = [...b.turns.values()].sort((x, y) => x.start - y.start || (x.end ?? Infinity) - (y.end ?? Infinity));
		expect(turns).toHaveLength(9);
		const live = turns.filter((t) => t.status === 'live');
		expect(live).toHaveLength(1);
		expect(b.meta.get('liveTurn')).toBe(live[0].id);
		// Serialised: every turn was ended by the next one, at the moment the next began.
		for (let i = 0; i < turns.length - 1; i++) {
			expect(turns[i].status).toBe('closed');
			expect(turns[i].end).toBe(turns[i + 1].start);
		}
		expect(topicIds).toContain(getOnTable(b));
	});

	it('a person whose rights change is disconnected on every node, not only the one that changed them', async () => {
		const person = await shared.setup.join('Notulist');
		const added = await sendCommand(shared.cluster.url, shared.setup.gatheringId, person.cookie, 'addTopic', { title: 'Van de notulist' });
		const viewers = shared.cluster.nodes.map((n) => phone(n.url, shared.setup.gatheringId, person.cookie));
		phones.push(...viewers);
		await Promise.all(viewers.map((v) => v.synced));
		await until(() => board(viewers[0].doc).topics.has(added.body.topicId!), 'the topic');
		const participantId = board(viewers[0].doc).topics.get(added.body.topicId!)!.authorId;
		// Appointed as note-taker through nginx (some node): the write connection comes only on reconnecting.
		const response = await shared.setup.facilitator.post(`/g/${shared.setup.gatheringId}?/noteTaker`, { participantId, noteTaker: 'on' });
		expect(response.status).toBeLessThan(400);
		await until(() => viewers.every((v) => v.closes.some((c) => c.code === 4410)), 'every socket of the person to be closed');
	});
});
