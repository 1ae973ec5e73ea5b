/**
 * A whole installation for one test file: a fresh PostgreSQL database, a private Redis,
 * N nodes and nginx in front of them, configured the way the README tells an operator.
 */
import * as Y from 'yjs';
import { afterAll, beforeAll } from 'vitest';
import { setUpGathering, type Setup } from '../../helpers/gathering-setup';
import { randomUUID } from 'node:crypto';
import { board } from '../../../src/lib/board/doc';
import { connectBoard, sendCommand, type BoardClient } from '../../helpers/board-client';
import { createScratchDatabase, type ScratchDatabase } from '../../helpers/scratch-postgres.mjs';
import { freePort, startNode, startRedis, type TestNode, type TestRedis } from './processes';
import { startNginx, type TestNginx } from './nginx';

export type TestCluster = {
	db: ScratchDatabase;
	redis: TestRedis;
	nodes: TestNode[];
	nginx: TestNginx;
	/** The public address (nginx), as phones reach it. */
	url: string;
	env: Record<string, string>;
	/** Starts one more node with the cluster's settings (not behind nginx unless `port` is one of its upstreams). */
	addNode(name: string, port?: number, env?: Record<string, string>): Promise<TestNode>;
	stop(): Promise<void>;
};

export async function startTestCluster(options: { nodes?: number; env?: Record<string, string> } = {}): Promise<TestCluster> {
	const db = await createScratchDatabase({ prefix: 'ot_cluster_' });
	const redis = await startRedis();
	const nginxPort = await freePort();
	const url = `http://127.0.0.1:${nginxPort}`;
	const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, ORIGIN: url, ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1', ...options.env };
	const nodes: TestNode[] = [];
	// The first node applies the migrations; the others then start side by side.
	nodes.push(await startNode('node-1', env));
	const rest = await Promise.all(Array.from({ length: (options.nodes ?? 3) - 1 }, (_, i) => startNode(`node-${i + 2}`, env)));
	nodes.push(...rest);
	const nginx = await startNginx(
		nodes.map((n) => n.port),
		nginxPort
	);
	const extra: TestNode[] = [];
	return {
		db,
		redis,
		nodes,
		nginx,
		url,
		env,
		async addNode(name, port, more = {}) {
			const node = await startNode(name, { ...env, ...more }, port);
			extra.push(node);
			return node;
		},
		async stop() {
			await nginx.stop();
			await Promise.all([...nodes, ...extra].map((n) => n.stop({ signal: 'SIGKILL' })));
			await redis.stop();
			await db.drop();
		}
	};
}

/** The board's topics as plain data, for comparing replicas. */
export function topicsOf(doc: Y.Doc): Record<string, unknown> {
	return (doc.getMap('topics').toJSON() as Record<string, unknown>) ?? {};
}

export function topicTitles(doc: Y.Doc): Set<string> {
	return new Set(Object.values(topicsOf(doc)).map((t) => (t as { title: string }).title));
}

/** A phone that stays connected; reconnects on its own (y-websocket) when its node goes away. */
export function phone(url: string, gatheringId: string, cookie: string): BoardClient {
	return connectBoard(url, gatheringId, cookie);
}

/**
 * What a phone's outbox does: the same command id, resent until the server answers 200
 * (a node dying mid-request gives a 502 or a network error; the id makes resending safe).
 */
export async function sendWithOutbox(
	url: string,
	gatheringId: string,
	cookie: string,
	type: string,
	args: Record<string, unknown>,
	deadlineMs = 60_000
): Promise<{ id: string; attempts: number }> {
	const id = randomUUID();
	const started = Date.now();
	for (let attempts = 1; ; attempts++) {
		try {
			const answer = await sendCommand(url, gatheringId, cookie, type, args, id);
			if (answer.status === 200) return { id, attempts };
			if (answer.status < 500 && answer.status !== 429) throw new Error(`refused: ${answer.status} ${JSON.stringify(answer.body)}`);
		} catch (error) {
			if (error instanceof Error && error.message.startsWith('refused')) throw error;
		}
		if (Date.now() - started > deadlineMs) throw new Error(`command not acknowledged within ${deadlineMs} ms`);
		await new Promise((r) => setTimeout(r, Math.min(1_000, 100 * attempts)));
	}
}

/** Board content that must be equal on every replica (presence is excluded: it moves with the clock). */
export function boardContent(doc: Y.Doc): string {
	const b = board(doc);
	// Sorted: a Y.Map lists its keys in the order this replica happened to receive them.
	const sorted = (map: { toJSON(): Record<string, unknown> }) => Object.fromEntries(Object.entries(map.toJSON()).sort(([x], [y]) => (x < y ? -1 : 1)));
	return JSON.stringify({ topics: sorted(b.topics), dots: sorted(b.dots), turns: sorted(b.turns), hands: sorted(b.hands), meta: sorted(b.meta) });
}

/**
 * The usual file set-up: three nodes behind nginx and a gathering, started before the
 * file's tests and stopped (with every phone in `phones`) after them. Read `cluster` and
 * `setup` inside tests, once `beforeAll` has run.
 */
export function clusterForThisFile(nodes = 3) {
	const shared = { cluster: undefined as unknown as TestCluster, setup: undefined as unknown as Setup, phones: [] as BoardClient[] };
	beforeAll(async () => {
		shared.cluster = await startTestCluster({ nodes });
		shared.setup = await setUpGathering(shared.cluster.url);
	});
	afterAll(async () => {
		for (const p of shared.phones) p.destroy();
		await shared.cluster?.stop();
	});
	return shared;
}

/** `count` people join and connect a phone each (through nginx); resolves once all are synced. */
export async function joinPhones(shared: ReturnType<typeof clusterForThisFile>, count: number, namePrefix: string) {
	const people: { cookie: string }[] = [];
	for (let i = 0; i < count; i++) people.push(await shared.setup.join(`${namePrefix} ${i + 1}`));
	const joined = people.map((person) => phone(shared.cluster.url, shared.setup.gatheringId, person.cookie));
	shared.phones.push(...joined);
	await Promise.all(joined.map((p) => p.synced));
	return { people, phones: joined };
}
