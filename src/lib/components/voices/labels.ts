/** Words for the voices model's codes, in the page's language. */
import { m } from '$lib/paraglide/messages';
import type { QueueReason } from '$lib/voices/queue';
import type { TurnKind } from '$lib/voices/types';

export function reasonLabel(reason: QueueReason): string {
	switch (reason) {
		case 'shown':
			return m.voices_reason_shown();
		case 'moved':
			return m.voices_reason_moved();
		case 'process':
			return m.voices_reason_process();
		case 'response':
			return m.voices_reason_response();
		case 'first_time':
			return m.voices_reason_first_time();
		case 'new_on_topic':
			return m.voices_reason_new_on_topic();
		default:
			return m.voices_reason_balance();
	}
}

export function kindLabel(kind: TurnKind): string {
	if (kind === 'process') return m.voices_kind_process();
	if (kind === 'response') return m.voices_kind_response();
	return m.voices_kind_contribution();
}
