/**
 * The limits of this installation, in one place. Each is built by a factory so that with
 * several nodes the same rules run on state in Redis (cluster/index.ts) and switching node
 * gains nothing; on one node the state lives in this process.
 *
 * Two rules shape them, both because a whole village hall often shares one address (NAT):
 * only failures count (a code that exists, a right password), and nothing that one person
 * does can lock out another. Log-in failures slow down the address and the (address, account)
 * pair with growing delays; there is no per-account lock-out, which any address could trigger
 * against a facilitator on the evening itself. Unknown join codes put their address — and,
 * past a cluster-wide budget, every newcomer — into a paced slow-down instead of a refusal;
 * the README works out what that leaves a guesser (join-code.ts has the alphabet).
 */
import { MemoryLimiter, type LimiterFactory, type RateLimitOptions } from './rate-limit';
import { MemoryThrottle, type ThrottleFactory, type ThrottleOptions } from './throttle';
import { MemoryPacer, type PaceOptions, type PacerFactory } from './pace';

const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;

/** One address and one account: five typos free, then 15 s, 30 s, … up to 15 min between tries. */
export const LOGIN_PER_ADDRESS_ACCOUNT: ThrottleOptions = { freeFailures: 5, firstDelayMs: 15 * SECOND_MS, maxDelayMs: 15 * MINUTE_MS, forgetMs: HOUR_MS };
/** One address, any accounts (password spraying): twenty free, then the same ladder. */
export const LOGIN_PER_ADDRESS: ThrottleOptions = { freeFailures: 20, firstDelayMs: 15 * SECOND_MS, maxDelayMs: 15 * MINUTE_MS, forgetMs: HOUR_MS };

/** Unknown codes one address may look up before its lookups are paced: 20, refilled in 10 min. */
export const UNKNOWN_CODES_PER_ADDRESS: RateLimitOptions = { capacity: 20, refillMs: 10 * MINUTE_MS };
/** Unknown codes the whole installation tolerates before every newcomer is paced: 600 an hour. */
export const UNKNOWN_CODES_EVERYWHERE: RateLimitOptions = { capacity: 600, refillMs: HOUR_MS };
/** An address in slow-down: one code lookup per 2 s; a newcomer with the right code waits at most that. */
export const CODE_PACE_PER_ADDRESS: PaceOptions = { intervalMs: 2 * SECOND_MS, maxWaitMs: 10 * SECOND_MS };
/** The installation in slow-down: one lookup without a session per 500 ms, cluster-wide. */
export const CODE_PACE_EVERYWHERE: PaceOptions = { intervalMs: 500, maxWaitMs: 10 * SECOND_MS };
/** The one key of the cluster-wide budget and pace. */
export const EVERYWHERE_KEY = 'all';

/** Joining with a name (a new participant row): generous, a hall joins from one address. */
export const JOINS_PER_ADDRESS: RateLimitOptions = { capacity: 120, refillMs: 10 * MINUTE_MS };
export const SIGNUPS_PER_ADDRESS: RateLimitOptions = { capacity: 10, refillMs: HOUR_MS };

export type LimitBackends = { limiter: LimiterFactory; throttle: ThrottleFactory; pacer: PacerFactory };

export const IN_PROCESS: LimitBackends = {
	limiter: (_name, options) => new MemoryLimiter(options),
	throttle: (_name, options) => new MemoryThrottle(options),
	pacer: (_name, options) => new MemoryPacer(options)
};

export function createRateLimits(backends: LimitBackends = IN_PROCESS) {
	const { limiter, throttle, pacer } = backends;
	return {
		login: {
			perAddress: throttle('login-ip', LOGIN_PER_ADDRESS),
			perAddressAccount: throttle('login-ip-account', LOGIN_PER_ADDRESS_ACCOUNT)
		},
		unknownCodes: {
			perAddress: limiter('unknown-code-ip', UNKNOWN_CODES_PER_ADDRESS),
			everywhere: limiter('unknown-code-all', UNKNOWN_CODES_EVERYWHERE),
			pacePerAddress: pacer('code-pace-ip', CODE_PACE_PER_ADDRESS),
			paceEverywhere: pacer('code-pace-all', CODE_PACE_EVERYWHERE)
		},
		joinsPerIp: limiter('join-ip', JOINS_PER_ADDRESS),
		signupsPerIp: limiter('signup-ip', SIGNUPS_PER_ADDRESS)
	};
}

export type RateLimits = ReturnType<typeof createRateLimits>;
