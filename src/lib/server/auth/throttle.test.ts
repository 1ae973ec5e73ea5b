import { describe, expect, it } from 'vitest';
import { MemoryThrottle, delayAfterMs, waitMs, afterFailure, type ThrottleOptions } from './throttle';
import { LOGIN_PER_ADDRESS, LOGIN_PER_ADDRESS_ACCOUNT } from './limits';
import { addressAccountKey } from './throttle-keys';

const SECOND = 1_000;
const OPTIONS: ThrottleOptions = { freeFailures: 3, firstDelayMs: 10 * SECOND, maxDelayMs: 60 * SECOND, forgetMs: 3_600 * SECOND };

function clocked(options = OPTIONS) {
	let now = 1_000_000;
	const throttle = new MemoryThrottle(options, () => now);
	return { throttle, advance: (ms: number) => (now += ms) };
}

describe('growing delays after failures', () => {
	it('lets the free failures through, then doubles the delay up to its cap', () => {
		expect([0, 1, 2, 3, 4, 5, 6, 7, 50].map((n) => delayAfterMs(OPTIONS, n))).toEqual([0, 0, 0, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000]);
		// No overflow to Infinity or NaN however long an attacker keeps going.
		expect(delayAfterMs(OPTIONS, 10_000)).toBe(60_000);
	});

	it('counts from the last failure and forgets after a quiet period', () => {
		let state: ReturnType<typeof afterFailure> | undefined;
		for (let i = 0; i < 4; i++) state = afterFailure(OPTIONS, state, 0);
		expect(waitMs(OPTIONS, state, 0)).toBe(20_000);
		expect(waitMs(OPTIONS, state, 15_000)).toBe(5_000);
		expect(waitMs(OPTIONS, state, 20_000)).toBe(0);
		expect(afterFailure(OPTIONS, state, OPTIONS.forgetMs)).toEqual({ failures: 1, lastFailureAt: OPTIONS.forgetMs });
	});

	it('counts failures only: waiting and asking again changes nothing', async () => {
		const { throttle, advance } = clocked();
		for (let i = 0; i < 2; i++) await throttle.fail('a');
		expect(await throttle.waitMs('a')).toBe(0);
		await throttle.fail('a');
		expect(await throttle.waitMs('a')).toBe(10_000);
		for (let i = 0; i < 100; i++) await throttle.waitMs('a');
		advance(10_000);
		expect(await throttle.waitMs('a')).toBe(0);
		await throttle.fail('a');
		expect(await throttle.waitMs('a')).toBe(20_000);
	});

	it('keeps keys apart and forgets one on reset', async () => {
		const { throttle } = clocked();
		for (let i = 0; i < 5; i++) await throttle.fail('a');
		expect(await throttle.waitMs('a')).toBeGreaterThan(0);
		expect(await throttle.waitMs('b')).toBe(0);
		await throttle.reset('a');
		expect(await throttle.waitMs('a')).toBe(0);
	});

	it('bounds its memory', async () => {
		const { throttle } = clocked({ ...OPTIONS, freeFailures: 0, maxKeys: 2 });
		for (const key of ['a', 'b', 'c']) await throttle.fail(key);
		expect(await throttle.waitMs('a')).toBe(0);
		expect(await throttle.waitMs('c')).toBeGreaterThan(0);
	});
});

describe('log-in throttling', () => {
	/** What logInAction does: both keys checked, both charged on a failure, the pair reset on success. */
	function logins() {
		let now = 0;
		const perAddress = new MemoryThrottle(LOGIN_PER_ADDRESS, () => now);
		const perPair = new MemoryThrottle(LOGIN_PER_ADDRESS_ACCOUNT, () => now);
		return {
			advance: (ms: number) => (now += ms),
			async attempt(ip: string, email: string, right: boolean): Promise<'in' | 'wrong' | number> {
				const pair = addressAccountKey(ip, email);
				const wait = Math.max(await perAddress.waitMs(ip), await perPair.waitMs(pair));
				if (wait > 0) return wait;
				if (!right) {
					await Promise.all([perAddress.fail(ip), perPair.fail(pair)]);
					return 'wrong';
				}
				await perPair.reset(pair);
				return 'in';
			}
		};
	}

	it('never keeps the right password from a clean address out, however one address hammers', async () => {
		const l = logins();
		for (let i = 0; i < 200; i++) {
			await l.attempt('10.0.0.66', 'host@example.org', false);
			l.advance(SECOND);
		}
		expect(await l.attempt('10.0.0.66', 'host@example.org', true)).toBeGreaterThan(0);
		expect(await l.attempt('192.0.2.7', 'host@example.org', true)).toBe('in');
	});

	it('slows one address and account after five failures, with growing waits', async () => {
		const l = logins();
		const answers = [];
		for (let i = 0; i < 6; i++) answers.push(await l.attempt('10.0.0.1', 'a@example.org', false));
		expect(answers).toEqual(['wrong', 'wrong', 'wrong', 'wrong', 'wrong', 15_000]);
		l.advance(15_000);
		expect(await l.attempt('10.0.0.1', 'a@example.org', false)).toBe('wrong');
		expect(await l.attempt('10.0.0.1', 'a@example.org', false)).toBe(30_000);
		// Another account from the same address is still free (until the address's own budget).
		expect(await l.attempt('10.0.0.1', 'b@example.org', false)).toBe('wrong');
	});

	it('slows an address that sprays many accounts, one failure each', async () => {
		const l = logins();
		const answers = [];
		for (let i = 0; i < 21; i++) answers.push(await l.attempt('10.0.0.2', `user${i}@example.org`, false));
		expect(answers.slice(0, 20).every((a) => a === 'wrong')).toBe(true);
		expect(answers[20]).toBe(15_000);
	});

	it('does not let an address buy a fresh allowance by logging in to its own account', async () => {
		const l = logins();
		for (let i = 0; i < 20; i++) await l.attempt('10.0.0.3', `victim${i}@example.org`, false);
		l.advance(15_000);
		expect(await l.attempt('10.0.0.3', 'own@example.org', true)).toBe('in');
		expect(await l.attempt('10.0.0.3', 'victim99@example.org', false)).toBe('wrong');
		expect(await l.attempt('10.0.0.3', 'victim98@example.org', false)).toBe(30_000);
	});

	it('keeps e-mail addresses out of its keys', () => {
		expect(addressAccountKey('10.0.0.1', 'host@example.org')).not.toContain('host');
		expect(addressAccountKey('10.0.0.1', 'a@example.org')).not.toBe(addressAccountKey('10.0.0.2', 'a@example.org'));
	});
});
