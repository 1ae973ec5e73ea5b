/**
 * The operator's view of one node of a cluster: /healthz (alive), /readyz following the
 * database (503: cannot serve) and Redis (200 degraded: serves, fan-out lags) as they go and
 * come back, the bus gauge, /metrics behind its token, request ids in the JSON logs. The node
 * reaches PostgreSQL through a relay the test can cut.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, type ScratchDatabase } from '../helpers/scratch-postgres.mjs';
import { startNode, startRedis, startRelay, until, type TestNode, type TestRedis } from './helpers/processes';

const TOKEN = 'geheim-meettoken-voor-de-test';
let db: ScratchDatabase;
let redis: TestRedis;
let relay: Awaited<ReturnType<typeof startRelay>>;
let node: TestNode;

beforeAll(async () => {
	db = await createScratchDatabase({ prefix: 'ot_cluster_' });
	redis = await startRedis();
	relay = await startRelay(Number(new URL(db.url).port || 5432));
	const url = new URL(db.url);
	url.port = String(relay.port);
	node = await startNode('node-ops', { DATABASE_URL: url.toString(), REDIS_URL: redis.url, METRICS_TOKEN: TOKEN });
});
afterAll(async () => {
	await node?.stop({ signal: 'SIGKILL' });
	await relay?.close();
	await redis?.stop();
	await db?.drop();
});

const status = async (path: string) => (await fetch(node.url + path)).status;

describe('operator endpoints', () => {
	it('/readyz turns 503 while PostgreSQL is unreachable and 200 when it returns; /healthz stays 200', async () => {
		expect(await status('/readyz')).toBe(200);
		await relay.cut();
		await until(async () => (await status('/readyz')) === 503, 'readyz 503 without the database');
		expect(await (await fetch(`${node.url}/readyz`)).json()).toEqual({ status: 'unavailable', database: 'down', bus: 'ok' });
		expect(await status('/healthz')).toBe(200);
		await relay.restore();
		await until(async () => (await status('/readyz')) === 200, 'readyz 200 with the database back');
	});

	it('/readyz stays 200 but says degraded while Redis is unreachable, and ready when it returns', async () => {
		expect(await node.metric('opentafel_bus_up')).toBe(1);
		await redis.stop();
		await until(async () => (await (await fetch(`${node.url}/readyz`)).json()).status === 'degraded', 'readyz to report the bus down');
		const degraded = await fetch(`${node.url}/readyz`);
		expect(degraded.status).toBe(200);
		expect(await degraded.json()).toEqual({ status: 'degraded', database: 'ok', bus: 'down' });
		await until(async () => (await node.metric('opentafel_bus_up')) === 0, 'the bus gauge to drop to 0');
		await redis.start();
		await until(async () => (await (await fetch(`${node.url}/readyz`)).json()).status === 'ready', 'readyz ready with Redis back');
		expect(await status('/readyz')).toBe(200);
		expect(await node.metric('opentafel_bus_up')).toBe(1);
		await until(async () => (await node.metric('opentafel_bus_reconnects_total')) >= 1, 'the reconnect to be counted');
	});

	it('/readyz is 503 when the database is unreachable even while Redis is away too', async () => {
		await redis.stop();
		await relay.cut();
		await until(async () => (await status('/readyz')) === 503, 'readyz 503 without both');
		expect(await (await fetch(`${node.url}/readyz`)).json()).toEqual({ status: 'unavailable', database: 'down', bus: 'down' });
		await relay.restore();
		await until(async () => (await status('/readyz')) === 200, 'readyz 200 (degraded) with the database back');
		await redis.start();
		await until(async () => (await (await fetch(`${node.url}/readyz`)).json()).status === 'ready', 'readyz ready with both back');
	});

	it('/metrics refuses requests without the right token and answers Prometheus text with it', async () => {
		expect(await status('/metrics')).toBe(401);
		expect((await fetch(`${node.url}/metrics`, { headers: { authorization: 'Bearer fout' } })).status).toBe(401);
		const response = await fetch(`${node.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
		const text = await response.text();
		for (const name of ['opentafel_connections', 'opentafel_loaded_boards', 'opentafel_commands_total', 'opentafel_command_duration_seconds_bucket', 'opentafel_persist_flush_lag_seconds', 'opentafel_bus_publish_lag_seconds', 'opentafel_bus_receive_lag_seconds', 'opentafel_resyncs_total', 'opentafel_bus_up']) {
			expect(text).toContain(name);
		}
	});

	it('logs every request as one JSON line with its request id, echoed to the client', async () => {
		const response = await fetch(`${node.url}/healthz`, { headers: { 'x-request-id': 'proxy-id-1234' } });
		expect(response.headers.get('x-request-id')).toBe('proxy-id-1234');
		await until(() => node.output().includes('proxy-id-1234'), 'the request in the log');
		const line = node.output().split('\n').find((l) => l.includes('proxy-id-1234'))!;
		expect(JSON.parse(line)).toMatchObject({ level: 'info', node: 'node-ops', msg: 'request', requestId: 'proxy-id-1234', method: 'GET', route: '/healthz', status: 200 });
		// An id that is not one (too long, odd characters) is replaced, not logged as given.
		const odd = await fetch(`${node.url}/healthz`, { headers: { 'x-request-id': 'x'.repeat(200) } });
		expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
	});
});
