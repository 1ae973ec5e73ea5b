/**
 * Growing delays after failures (OWASP authentication cheat sheet, "account lockout"
 * alternatives): a key may fail `freeFailures` times, then each further attempt has to wait
 * longer after the last failure — first `firstDelayMs`, doubling with every failure, at most
 * `maxDelayMs`. Nothing is ever locked for good: the delay is a slow-down, and the count is
 * forgotten `forgetMs` after the last failure.
 *
 * Only failures count. An attempt refused because of the delay checked nothing (no password
 * was compared), so it teaches the guesser nothing and does not lengthen the delay either.
 *
 * Which keys are throttled is the caller's choice; log-in throttles per address and per
 * (address, account), never per account alone, so no address can slow down a facilitator
 * who logs in from somewhere else.
 *
 * The rules are pure functions over `{ failures, lastFailureAt }` so that the Redis version
 * (cluster/throttle-redis.ts) can do exactly the same in one Lua script.
 */
import { DEFAULT_MAX_KEYS, setRecent } from './bounded-map';

export type ThrottleOptions = {
	/** Failures allowed without any delay (people mistype). */
	freeFailures: number;
	/** Delay after the first failure beyond the free ones; doubles with each further failure. */
	firstDelayMs: number;
	/** The delay never grows beyond this. */
	maxDelayMs: number;
	/** The failures are forgotten this long after the last one. */
	forgetMs: number;
	/** Forget keys beyond this many, oldest first, so memory stays bounded (in-process only). */
	maxKeys?: number;
};

export type ThrottleState = { failures: number; lastFailureAt: number };

/** 2^30 × any sensible first delay is beyond every cap: stop doubling there (no Infinity). */
const MAX_DOUBLINGS = 30;

/** The wait demanded after `failures` failures, counted from the last one. */
export function delayAfterMs(options: ThrottleOptions, failures: number): number {
	if (failures < options.freeFailures) return 0;
	const doublings = Math.min(failures - options.freeFailures, MAX_DOUBLINGS);
	return Math.min(options.maxDelayMs, options.firstDelayMs * 2 ** doublings);
}

/** The state as it stands at `now`: forgotten when the last failure is old enough. */
export function current(options: ThrottleOptions, state: ThrottleState | undefined, now: number): ThrottleState | undefined {
	if (!state || now - state.lastFailureAt >= options.forgetMs) return undefined;
	return state;
}

/** Milliseconds until the next attempt may be checked; 0 when it may be now. */
export function waitMs(options: ThrottleOptions, state: ThrottleState | undefined, now: number): number {
	const live = current(options, state, now);
	if (!live) return 0;
	return Math.max(0, live.lastFailureAt + delayAfterMs(options, live.failures) - now);
}

export function afterFailure(options: ThrottleOptions, state: ThrottleState | undefined, now: number): ThrottleState {
	const live = current(options, state, now);
	return { failures: (live?.failures ?? 0) + 1, lastFailureAt: now };
}

/** What callers use, wherever the state lives. */
export interface Throttle {
	/** Milliseconds until an attempt for `key` may be checked; 0: now. */
	waitMs(key: string): Promise<number>;
	/** Records a failed attempt. */
	fail(key: string): Promise<void>;
	/** Forgets the key's failures (after a success). */
	reset(key: string): Promise<void>;
}

export type ThrottleFactory = (name: string, options: ThrottleOptions) => Throttle;

/** Throttle state in this process: the single-node default, and the Redis version's fallback. */
export class MemoryThrottle implements Throttle {
	private readonly states = new Map<string, ThrottleState>();
	private readonly maxKeys: number;

	constructor(
		private readonly options: ThrottleOptions,
		private readonly clock: () => number = Date.now
	) {
		this.maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
	}

	async waitMs(key: string): Promise<number> {
		return waitMs(this.options, this.states.get(key), this.clock());
	}

	async fail(key: string): Promise<void> {
		const next = afterFailure(this.options, this.states.get(key), this.clock());
		// The Map's order is least recently failed first.
		setRecent(this.states, key, next, this.maxKeys);
	}

	async reset(key: string): Promise<void> {
		this.states.delete(key);
	}
}
