import { describe, expect, it } from 'vitest';
import { GET } from './+server';

type Event = Parameters<typeof GET>[0];
const eventWith = (checks: { database: boolean; redis: boolean | null }) => ({ locals: { runtime: { readiness: async () => checks } } }) as unknown as Event;

describe('/readyz', () => {
	it('is 200 while the database answers (one node, no Redis)', async () => {
		const response = await GET(eventWith({ database: true, redis: null }));
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ready', database: 'ok' });
	});

	it('is 503 naming what is down', async () => {
		const noDb = await GET(eventWith({ database: false, redis: true }));
		expect(noDb.status).toBe(503);
		expect(await noDb.json()).toEqual({ status: 'unavailable', database: 'down', redis: 'ok' });
		const noRedis = await GET(eventWith({ database: true, redis: false }));
		expect(noRedis.status).toBe(503);
		expect(await noRedis.json()).toEqual({ status: 'unavailable', database: 'ok', redis: 'down' });
	});
});
