/** Pages under /j/CODE find their gathering here. */
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { normaliseJoinCode } from './join-code';
import { lookUpJoinCode } from './code-guard';
import { retryAfter } from '../http';
import { m } from '$lib/paraglide/messages';
import { formatWait } from '$lib/i18n/format';

/** The gathering behind the code in the URL; unknown codes count towards the guessing limits (code-guard.ts). */
export async function gatheringFor(event: RequestEvent, suffix = '') {
	const code = normaliseJoinCode(event.params.code);
	// Not a code at all (wrong length, letters outside the alphabet): nothing was looked up.
	if (!code) error(404, m.error_code_unknown());
	const found = await lookUpJoinCode(event, code);
	if (!found.ok) {
		if (found.status === 429) error(429, m.error_rate_limited_wait({ wait: formatWaitMs(event, found.retryAfterMs) }));
		error(404, m.error_code_unknown());
	}
	const { gathering } = found;
	if (event.params.code !== gathering.joinCode) redirect(308, `/j/${gathering.joinCode}${suffix}`);
	return gathering;
}

function formatWaitMs(event: RequestEvent, ms: number): string {
	return formatWait(retryAfter(event, ms));
}
