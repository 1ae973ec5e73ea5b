/**
 * Sockets closed for what their client sent, and messages that held the event loop over
 * their budget: counted in /metrics, and logged with the gathering, the socket and the
 * message kind — never the message's bytes, which are the sender's choice. An attacker can
 * cause both at will, so the log is bounded: at most LOGGED_REFUSALS_PER_MINUTE lines of
 * each a minute, then one line saying how many were left out.
 * A throw that is not a decoding or limit error is a bug of ours and logged as an error.
 */
import { AwarenessRefused } from './awareness-input';
import type { MessageKind } from '$lib/protocol/messages';
import { MalformedMessage } from './frames';
import { UnreadableUpdate } from './update-reader';
import type { Logger } from '../ops/log';
import type { Metrics } from '../ops/metrics';

export const LOGGED_REFUSALS_PER_MINUTE = 30;
/** The budget of one client message on the event loop; a message over it is logged. */
export const SLOW_MESSAGE_MS = 50;

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
		error instanceof UnreadableUpdate ||
		error instanceof SyntaxError ||
		error instanceof RangeError ||
		(error instanceof Error && DECODING_ERRORS.has(error.message))
	);
}

/** At most LOGGED_REFUSALS_PER_MINUTE lines of one kind a minute; then one line with how many were left out. */
class LogBudget {
	private windowStart = 0;
	private logged = 0;
	private suppressed = 0;

	constructor(
		private readonly what: string,
		private readonly now: () => number
	) {}

	allows(log: Logger): boolean {
		const now = this.now();
		if (now - this.windowStart >= 60_000) {
			if (this.suppressed) log.warn(`${this.what} not logged in the last minute`, { count: this.suppressed });
			this.windowStart = now;
			this.logged = 0;
			this.suppressed = 0;
		}
		if (this.logged >= LOGGED_REFUSALS_PER_MINUTE) {
			this.suppressed++;
			return false;
		}
		this.logged++;
		return true;
	}
}

export class Incidents {
	private slowest = 0;
	// Separate budgets: a flood of refusals must not hide the message that stalled the loop.
	private readonly refusalLog: LogBudget;
	private readonly slowLog: LogBudget;

	constructor(private readonly options: { log?: Logger; metrics?: Metrics; now?: () => number }) {
		const now = options.now ?? Date.now;
		this.refusalLog = new LogBudget('Realtime refusals', now);
		this.slowLog = new LogBudget('Slow realtime messages', now);
	}

	/** Longest time one client message held the event loop since start, in seconds. */
	get slowestSeconds(): number {
		return this.slowest / 1000;
	}

	timed(message: { gatheringId: string; socket: string; role: string; kind: MessageKind; bytes: number; ms: number }): void {
		this.options.metrics?.realtimeMessageSeconds.observe(message.ms / 1000);
		if (message.ms > this.slowest) this.slowest = message.ms;
		const log = this.options.log;
		if (message.ms > SLOW_MESSAGE_MS && log && this.slowLog.allows(log)) {
			log.warn('A realtime message held the event loop over its budget', {
				gathering: message.gatheringId,
				socket: message.socket,
				role: message.role,
				kind: message.kind,
				bytes: message.bytes,
				ms: Math.round(message.ms)
			});
		}
	}

	report(refusal: Refusal): void {
		const ours = refusal.reason === 'malformed' && refusal.error !== null && !isClientsFault(refusal.error);
		const reason = ours ? 'error' : refusal.reason;
		this.options.metrics?.realtimeRefusals.inc({ reason, kind: refusal.kind });
		const log = this.options.log;
		if (!log || !this.refusalLog.allows(log)) return;
		const fields = { gathering: refusal.gatheringId, socket: refusal.socket, role: refusal.role, kind: refusal.kind, reason, error: refusal.error ?? undefined };
		if (ours) log.error('Realtime message failed; the socket was closed', { ...fields, stack: refusal.error instanceof Error ? refusal.error.stack : undefined });
		else log.warn('Realtime message refused; the socket was closed', fields);
	}
}
