import { describe, expect, it } from 'vitest';
import type { ReadinessChecks } from '$lib/server/ops/readiness';
import { GET } from './+server';

type Event = Parameters<typeof GET>[0];
const eventWith = (checks: ReadinessChecks) => ({ locals: { runtime: { readiness: async () => checks } } }) as unknown as Event;
const probe = async (checks: ReadinessChecks) => {
	const response = await GET(eventWith(checks));
	return { status: response.status, body: await response.json(), cache: response.headers.get('cache-control') };
};

describe('/readyz', () => {
	it('is 200 ready while the database answers (one node, no bus)', async () => {
		expect(await probe({ database: true, bus: null, stopping: false })).toEqual({ status: 200, body: { status: 'ready', database: 'ok' }, cache: 'no-store' });
	});

	it('is 200 ready with several nodes when the database and the bus answer', async () => {
		expect(await probe({ database: true, bus: true, stopping: false })).toMatchObject({ status: 200, body: { status: 'ready', database: 'ok', bus: 'ok' } });
	});

	it('is 200 degraded when only the bus is away: the node still serves, so a balancer keeps it', async () => {
		expect(await probe({ database: true, bus: false, stopping: false })).toMatchObject({ status: 200, body: { status: 'degraded', database: 'ok', bus: 'down' } });
	});

	it('is 503 unavailable when the database does not answer, whatever the bus does', async () => {
		expect(await probe({ database: false, bus: true, stopping: false })).toMatchObject({ status: 503, body: { status: 'unavailable', database: 'down', bus: 'ok' } });
		expect(await probe({ database: false, bus: false, stopping: false })).toMatchObject({ status: 503, body: { status: 'unavailable', database: 'down', bus: 'down' } });
		expect(await probe({ database: false, bus: null, stopping: false })).toEqual({ status: 503, body: { status: 'unavailable', database: 'down' }, cache: 'no-store' });
	});

	it('is 503 unavailable while the node shuts down, even with every dependency well', async () => {
		expect(await probe({ database: true, bus: true, stopping: true })).toMatchObject({ status: 503, body: { status: 'unavailable', stopping: true } });
		expect(await probe({ database: true, bus: null, stopping: true })).toMatchObject({ status: 503, body: { status: 'unavailable', stopping: true } });
	});
});
