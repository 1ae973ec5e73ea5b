import { describe, expect, it } from 'vitest';
import { GET } from './+server';

type Event = Parameters<typeof GET>[0];

describe('/healthz', () => {
	it('is 200 {"status":"ok"} while the process serves, whatever the database does', async () => {
		const response = await GET({ locals: { runtime: { database: { ping: () => Promise.reject(new Error('down')) } } } } as unknown as Event);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok' });
	});
});
