/**
 * Nodes going away during a live discussion: killed outright (SIGKILL) or stopped for a
 * rolling restart (SIGTERM). Phones reconnect through nginx to another node, every command
 * that was acknowledged is on every phone and every node, and the replicas end equal.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor, type BoardClient } from '../helpers/board-client';
import { setUpGathering, type Setup } from '../helpers/gathering-setup';
import { board } from '../../src/lib/board/doc';
import { boardContent, phone, sendWithOutbox, startTestCluster, topicTitles, type TestCluster } from './helpers/cluster';
import { startNode, until } from './helpers/processes';

let cluster: TestCluster;
let setup: Setup;
/** Phones connected through nginx; they follow the cluster wherever it sends them. */
const phones: BoardClient[] = [];
/** Phones connected straight to one node, to look at that node's board. */
const direct: BoardClient[] = [];

beforeAll(async () => {
	cluster = await startTestCluster({ nodes: 3 });
	setup = await setUpGathering(cluster.url);
});
afterAll(async () => {
	for (const p of [...phones, ...direct]) p.destroy();
	await cluster?.stop();
});

const connections = (c: TestCluster) => Promise.all(c.nodes.map((n) => n.metric('opentafel_connections').catch(() => -1)));

/** Twelve people sending topics through nginx with their outboxes, while `disrupt` runs. */
async function discussion(prefix: string, people: { cookie: string }[], disrupt: () => Promise<void>) {
	const acknowledged: string[] = [];
	const senders = people.map(async (person, i) => {
		for (let k = 0; k < 5; k++) {
			const title = `${prefix} ${i + 1}.${k + 1}`;
			await sendWithOutbox(cluster.url, setup.gatheringId, person.cookie, 'addTopic', { title });
			acknowledged.push(title);
			await new Promise((r) => setTimeout(r, 100));
		}
	});
	await until(() => acknowledged.length >= 15, 'the discussion to get going');
	await disrupt();
	await Promise.all(senders);
	return acknowledged;
}

async function expectEverywhere(titles: string[], nodes: { url: string }[], viewerCookie: string) {
	// Every phone, reconnected wherever nginx sent it, holds every acknowledged topic.
	await Promise.all(phones.map((p) => waitFor(p.doc, () => titles.every((t) => topicTitles(p.doc).has(t)), 60_000)));
	// So does every running node: a fresh phone straight to each one.
	const viewers = nodes.map((n) => phone(n.url, setup.gatheringId, viewerCookie));
	direct.push(...viewers);
	await Promise.all(viewers.map((v) => v.synced));
	await Promise.all(viewers.map((v) => waitFor(v.doc, () => titles.every((t) => topicTitles(v.doc).has(t)), 30_000)));
	// And the replicas converge to one board.
	const all = [...phones.filter((p) => p.provider.wsconnected), ...viewers];
	await until(() => new Set(all.map((p) => boardContent(p.doc))).size === 1, 'replicas to converge', 30_000).catch((error) => {
		const contents = [...new Set(all.map((p) => boardContent(p.doc)))];
		writeFileSync('/tmp/opentafel-diverged.json', JSON.stringify(contents.map((c) => JSON.parse(c)), null, 1));
		throw error;
	});
}

describe('a node going away mid-session', () => {
	it('SIGKILL: its phones reconnect through nginx, every acknowledged command is everywhere, replicas converge', async () => {
		const people: { cookie: string }[] = [];
		for (let i = 0; i < 12; i++) people.push(await setup.join(`Deelnemer ${i + 1}`));
		for (const person of people) phones.push(phone(cluster.url, setup.gatheringId, person.cookie));
		await Promise.all(phones.map((p) => p.synced));
		await until(async () => (await connections(cluster)).every((c) => c >= 1), 'phones on every node');

		// Someone on the victim node who never comes back: their presence must not stay open.
		const leaver = await setup.join('Vertrekker');
		const counts = await connections(cluster);
		const victim = cluster.nodes[counts.indexOf(Math.max(...counts))];
		const leaverPhone = phone(victim.url, setup.gatheringId, leaver.cookie);
		await leaverPhone.synced;
		const leaverId = await participantIdOf('Vertrekker');
		await until(() => board(leaverPhone.doc).presence.get(leaverId)?.connected.at(-1)?.end === null, "the leaver's presence to open");

		const titles = await discussion('Na de crash', people, async () => {
			await victim.stop({ signal: 'SIGKILL' });
			leaverPhone.destroy();
		});
		const survivors = cluster.nodes.filter((n) => n !== victim);
		const viewer = await setup.join('Controle');
		await expectEverywhere(titles, survivors, viewer.cookie);
		// Phones that were on the victim saw their socket drop and carried on elsewhere.
		expect(phones.filter((p) => p.closes.length > 0).length).toBeGreaterThan(0);

		// A surviving node closes the leaver's presence once their node stopped confirming it.
		const watcher = direct[direct.length - 1];
		await until(() => {
			const record = board(watcher.doc).presence.get(leaverId);
			return !!record && record.connected.length > 0 && record.connected.every((i) => i.end !== null);
		}, "the leaver's presence to close", 90_000, 500);
		expect(await survivors[0].metric('opentafel_bus_received_total')).toBeGreaterThan(0);
		cluster.nodes.splice(cluster.nodes.indexOf(victim), 1, await startNode(victim.name, cluster.env, victim.port));
	});

	it('SIGTERM (rolling restart): sockets close with "going away", phones move on, nothing is lost', async () => {
		const counts = await connections(cluster);
		const leaving = cluster.nodes[counts.indexOf(Math.max(...counts))];
		const people: { cookie: string }[] = [];
		for (let i = 0; i < 6; i++) people.push(await setup.join(`Blijver ${i + 1}`));
		const before = phones.map((p) => p.closes.length);
		let exitCode: number | null = null;
		const titles = await discussion('Tijdens herstart', people, async () => {
			({ code: exitCode } = await leaving.stop({ signal: 'SIGTERM' }));
		});
		expect(exitCode).toBe(0);
		// The phones that were on that node were told why.
		const told = phones.filter((p, i) => p.closes.slice(before[i] ?? 0).some((c) => c.code === 1001));
		expect(told.length).toBeGreaterThan(0);
		const running = cluster.nodes.filter((n) => n !== leaving);
		const viewer = await setup.join('Controle 2');
		await expectEverywhere(titles, running, viewer.cookie);
		// Back in service on the same port, as a rolling restart would do.
		cluster.nodes.splice(cluster.nodes.indexOf(leaving), 1, await startNode(leaving.name, cluster.env, leaving.port));
	});
});

/** The participant whose presence record appeared after `known` was taken. */
/** A participant's id, as the facilitator's console lists it. */
async function participantIdOf(name: string): Promise<string> {
	const html = await (await setup.facilitator.get(`/g/${setup.gatheringId}`)).text();
	// Each row's rename form: its participant id, then (before any other row's id) its name field.
	const rows = [...html.matchAll(/name="participantId" value="([a-z2-7]+)"(?:(?!name="participantId")[\s\S])*?name="name"[^>]*value="([^"]*)"/g)];
	const row = rows.find((m) => m[2] === name);
	if (!row) throw new Error(`${name} is not on the console`);
	return row[1];
}
