/**
 * Sockets closed for what their client sent: counted in /metrics, and logged with the
 * gathering, the socket and the message kind — never the message's bytes, which are the
 * sender's choice. An attacker can cause refusals at will, so the log is bounded: at most
 * LOGGED_REFUSALS_PER_MINUTE lines a minute, then one line saying how many were left out.
 * A throw that is not a decoding or limit error is a bug of ours and logged as an error.
 */
import { AwarenessRefused } from './awareness-input';
import { MalformedMessage, type MessageKind } from './protocol';
import type { Logger } from '../ops/log';
import type { Metrics } from '../ops/metrics';

export const LOGGED_REFUSALS_PER_MINUTE = 30;

export type Refusal = {
	gatheringId: string;
	socket: string;
	role: string;
	kind: MessageKind;
	reason: 'malformed' | 'rate';
	error: unknown;
};

/** lib0's decoder throws plain Errors with these messages on truncated or oversized input. */
const DECODING_ERRORS = new Set(['Unexpected end of array', 'Integer out of Range', 'Unexpected end of data']);

export function isClientsFault(error: unknown): boolean {
	return (
		error instanceof MalformedMessage ||
		error instanceof AwarenessRefused ||
		error instanceof SyntaxError ||
		error instanceof RangeError ||
		(error instanceof Error && DECODING_ERRORS.has(error.message))
	);
}

export class RefusalReporter {
	private windowStart = 0;
	private logged = 0;
	private suppressed = 0;

	constructor(private readonly options: { log?: Logger; metrics?: Metrics; now?: () => number }) {}

	report(refusal: Refusal): void {
		const ours = refusal.reason === 'malformed' && refusal.error !== null && !isClientsFault(refusal.error);
		const reason = ours ? 'error' : refusal.reason;
		this.options.metrics?.realtimeRefusals.inc({ reason, kind: refusal.kind });
		const log = this.options.log;
		if (!log) return;
		const now = (this.options.now ?? Date.now)();
		if (now - this.windowStart >= 60_000) {
			if (this.suppressed) log.warn('Realtime refusals not logged in the last minute', { count: this.suppressed });
			this.windowStart = now;
			this.logged = 0;
			this.suppressed = 0;
		}
		if (this.logged >= LOGGED_REFUSALS_PER_MINUTE) {
			this.suppressed++;
			return;
		}
		this.logged++;
		const fields = { gathering: refusal.gatheringId, socket: refusal.socket, role: refusal.role, kind: refusal.kind, reason, error: refusal.error ?? undefined };
		if (ours) log.error('Realtime message failed; the socket was closed', { ...fields, stack: refusal.error instanceof Error ? refusal.error.stack : undefined });
		else log.warn('Realtime message refused; the socket was closed', fields);
	}
}
