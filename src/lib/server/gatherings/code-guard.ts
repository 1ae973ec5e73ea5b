/**
 * Looking up a join code without making it guessable, and without locking out a hall.
 *
 * A village hall's phones share one address (NAT), so whatever one phone does must not keep
 * the others out. Hence:
 * - Only failures count: an unknown code uses up its address's budget and the cluster-wide
 *   budget (auth/limits.ts); a code that exists uses up nothing.
 * - A browser that already holds a guest session for the gathering is a participant, not a
 *   guesser: it is let through at once, whatever its address or the installation is doing.
 * - Past a budget, lookups are paced (auth/pace.ts), not refused. The pace has to come
 *   BEFORE the answer can depend on the code: if a known code skipped the pace, "let through
 *   at once" versus "made to wait" would tell a guesser which codes exist, at full speed. So a
 *   newcomer with the right code at an address in slow-down waits its slot (at most a pace
 *   interval when nobody floods the address) and is then let in; a guesser gets one lookup per
 *   interval. Only a flood that fills the next `maxWaitMs` of slots is refused outright.
 * - The lookup itself runs before the pace only to recognise participants; a newcomer's answer
 *   and its timing do not depend on its result until the slot has been waited out.
 */
import type { RequestEvent } from '@sveltejs/kit';
import type { Gathering } from '../db/schema';
import { EVERYWHERE_KEY, CODE_PACE_PER_ADDRESS } from '../auth/limits';
import { sleep } from '../auth/pace';
import { clientIp } from '../http';
import { currentGuest } from './guest';
import { findGatheringByCode } from './store';

export type CodeLookup =
	| { ok: true; gathering: Gathering }
	| { ok: false; status: 404 }
	/** Throttled: try again after this long (also when the code exists but the slot was refused). */
	| { ok: false; status: 429; retryAfterMs: number };

export async function lookUpJoinCode(event: RequestEvent, code: string): Promise<CodeLookup> {
	const { locals, cookies } = event;
	const db = locals.runtime.database.db;
	const gathering = await findGatheringByCode(db, code);
	if (gathering && (await currentGuest(db, locals.runtime.guests, cookies, gathering, locals.secureCookies))) return { ok: true, gathering };

	const limits = locals.runtime.limits.unknownCodes;
	const ip = clientIp(event);
	// Every lookup takes a unit of both budgets up front, as if it were going to fail, and gives
	// it back once the code turns out to exist: so a burst of simultaneous guesses cannot all pass
	// on the last unit, and a code that exists still costs nothing.
	const [addressTook, everywhereTook] = await Promise.all([limits.perAddress.take(ip), limits.everywhere.take(EVERYWHERE_KEY)]);
	const giveBack = () =>
		Promise.all([addressTook && limits.perAddress.refund(ip), everywhereTook && limits.everywhere.refund(EVERYWHERE_KEY)]);
	let waitMs = 0;
	for (const [took, pacer, key] of [
		[addressTook, limits.pacePerAddress, ip],
		[everywhereTook, limits.paceEverywhere, EVERYWHERE_KEY]
	] as const) {
		if (took) continue;
		const slot = await pacer.reserve(key);
		if (!slot.ok) {
			await giveBack();
			return { ok: false, status: 429, retryAfterMs: slot.retryAfterMs };
		}
		waitMs = Math.max(waitMs, slot.waitMs);
	}
	await sleep(waitMs);

	if (gathering) {
		await giveBack();
		return { ok: true, gathering };
	}
	// Past its own budget an address is told to slow down; otherwise a plain "unknown code".
	return !addressTook ? { ok: false, status: 429, retryAfterMs: CODE_PACE_PER_ADDRESS.intervalMs } : { ok: false, status: 404 };
}
