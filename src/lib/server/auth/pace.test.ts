import { describe, expect, it } from 'vitest';
import { MemoryPacer, reserveSlot, type PaceOptions } from './pace';

const OPTIONS: PaceOptions = { intervalMs: 2_000, maxWaitMs: 5_000 };

describe('pacing', () => {
	it('serves a quiet key at once, then one slot per interval', () => {
		expect(reserveSlot(OPTIONS, undefined, 100)).toEqual({ slot: { ok: true, waitMs: 0 }, nextFreeAt: 2_100 });
		expect(reserveSlot(OPTIONS, 2_100, 100)).toEqual({ slot: { ok: true, waitMs: 2_000 }, nextFreeAt: 4_100 });
		// A slot in the past is no wait.
		expect(reserveSlot(OPTIONS, 50, 100)).toEqual({ slot: { ok: true, waitMs: 0 }, nextFreeAt: 2_100 });
	});

	it('refuses, without reserving, what would wait longer than the maximum', () => {
		expect(reserveSlot(OPTIONS, 6_000, 0)).toEqual({ slot: { ok: false, retryAfterMs: 1_000 }, nextFreeAt: 6_000 });
	});

	it('holds under concurrency: a burst is spread out, and the rest refused', async () => {
		let now = 0;
		const pacer = new MemoryPacer(OPTIONS, () => now);
		const slots = await Promise.all(Array.from({ length: 6 }, () => pacer.reserve('hall')));
		expect(slots).toEqual([
			{ ok: true, waitMs: 0 },
			{ ok: true, waitMs: 2_000 },
			{ ok: true, waitMs: 4_000 },
			{ ok: false, retryAfterMs: 1_000 },
			{ ok: false, retryAfterMs: 1_000 },
			{ ok: false, retryAfterMs: 1_000 }
		]);
		expect(await pacer.reserve('elsewhere')).toEqual({ ok: true, waitMs: 0 });
		now = 6_000;
		expect(await pacer.reserve('hall')).toEqual({ ok: true, waitMs: 0 });
	});
});
