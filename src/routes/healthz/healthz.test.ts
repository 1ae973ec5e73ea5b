import { describe, expect, it, vi } from 'vitest';
import { GET } from './+server';

type Event = Parameters<typeof GET>[0];
const eventWith = (ping: () => Promise<void>) => ({ locals: { runtime: { database: { ping } } } }) as unknown as Event;

describe('/healthz', () => {
	it('is 200 {"status":"ok"} while the database answers', async () => {
		const response = await GET(eventWith(async () => {}));
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok' });
	});

	it('is 503 when the database fails', async () => {
		const response = await GET(eventWith(() => Promise.reject(new Error('connection refused'))));
		expect(response.status).toBe(503);
		expect(await response.json()).toEqual({ status: 'unavailable' });
	});

	it('is 503 when the database does not answer in time', async () => {
		vi.useFakeTimers();
		try {
			const pending = GET(eventWith(() => new Promise(() => {})));
			await vi.advanceTimersByTimeAsync(2_500);
			expect((await pending).status).toBe(503);
		} finally {
			vi.useRealTimers();
		}
	});
});
