/**
 * The outbox: every board command a browser makes goes through here. A command is stored
 * first (IndexedDB), then sent; it stays stored until the server has answered it, and is
 * sent again — after a network error, a 5xx, a rate limit, a reload, going online, or the
 * board reconnecting — until it has.
 *
 * Exactly once: the command id is made here, once, and travels with every resend. The server
 * applies an id once and answers a resend with the first answer (see server/commands), so
 * sending too often is harmless and losing an answer costs only a resend.
 *
 * Order: commands are sent one at a time, oldest first, and a command that must be retried
 * holds back the ones behind it. A dot placed on a topic that was added offline therefore
 * never reaches the server before that topic does.
 *
 * Answers: 200 removes the command; a 4xx is the server's verdict — the command is removed
 * and its (already translated) message is shown once — except 408 and 429, which only mean
 * "not now" and are retried like network errors, and `protocol_mismatch`, which refuses this
 * page rather than the command: the outbox keeps everything and stops sending, the page asks
 * to be reloaded, and the reloaded page (speaking the server's protocol) sends it all.
 */
import type { Command, CommandType } from '$lib/board/commands';
import { REQUEST_ERROR } from '$lib/board/errors';
import { commandsPath, readCommandResponse, type CommandRequest } from '$lib/protocol/commands';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '$lib/protocol/version';
import { m } from '$lib/paraglide/messages';
import { openOutboxStore, type OutboxEntry, type OutboxStore } from './outbox-store';
import { commandId } from './command-id';

export type { OutboxEntry };

/** First retry after this long; doubled per failure up to the maximum, with some jitter. */
export const RETRY_MIN_MS = 1_000;
export const RETRY_MAX_MS = 30_000;
/** A request that has not answered in this time is treated as a network error (and resent). */
export const SEND_TIMEOUT_MS = 15_000;
/** How long an acknowledged new topic is remembered while the live board has not shown it yet. */
export const ACKNOWLEDGED_TOPIC_MS = 60_000;
const MAX_NOTICES = 3;

export type Notice = { id: string; message: string };
export type AcknowledgedTopic = { id: string; title: string; details: string };

type Delivery = { kind: 'done'; topicId?: string } | { kind: 'refused'; message: string } | { kind: 'retry' } | { kind: 'outdated' };

export class Outbox {
	/** Commands of this gathering that the server has not answered yet, oldest first. */
	entries = $state.raw<OutboxEntry[]>([]);
	/** Messages of refused commands, shown once until dismissed. */
	notices = $state.raw<Notice[]>([]);
	/** New topics the server accepted, until the live board shows them (it normally does within milliseconds). */
	acknowledgedTopics = $state.raw<AcknowledgedTopic[]>([]);
	/** The server speaks another protocol version: nothing is sent until the page reloads. */
	outdated = $state(false);

	private store: Promise<OutboxStore> | null = null;
	private running = false;
	private again = false;
	private failures = 0;
	private retryTimer: ReturnType<typeof setTimeout> | null = null;
	private destroyed = false;
	private lastQueuedAt = 0;
	/** Ids of commands `send` is still writing to the store. */
	private unsaved: string[] = [];

	constructor(
		readonly gatheringId: string,
		private readonly options: { openStore?: () => Promise<OutboxStore>; fetch?: typeof fetch } = {}
	) {}

	/** Loads what earlier visits left waiting, sends it, and listens for the network coming back. */
	start(): void {
		if (this.store) return;
		this.store = (this.options.openStore ?? openOutboxStore)();
		window.addEventListener('online', this.nudge);
		document.addEventListener('visibilitychange', this.onVisibility);
		this.flush();
	}

	destroy(): void {
		this.destroyed = true;
		if (this.retryTimer) clearTimeout(this.retryTimer);
		window.removeEventListener('online', this.nudge);
		document.removeEventListener('visibilitychange', this.onVisibility);
	}

	/**
	 * Stores the command, then sends it. Resolves with the command id (for `addTopic` also the
	 * id of the new topic) once it is stored, long before the server may have answered.
	 */
	async send(command: Command): Promise<string> {
		const now = performance.timeOrigin + performance.now();
		this.lastQueuedAt = Math.max(now, this.lastQueuedAt + 0.001);
		const entry: OutboxEntry = { ...command, id: commandId(), gatheringId: this.gatheringId, queuedAt: this.lastQueuedAt };
		// Shown at once (as "waiting to send"), before the slower write to IndexedDB finishes.
		this.entries = [...this.entries, entry];
		this.unsaved = [...this.unsaved, entry.id];
		try {
			await (await this.storeReady()).put(entry);
		} finally {
			this.unsaved = this.unsaved.filter((id) => id !== entry.id);
		}
		this.nudge();
		return entry.id;
	}

	/** Try now instead of waiting for the next retry: the network or the board came back. */
	nudge = (): void => {
		this.failures = 0;
		if (this.retryTimer) {
			clearTimeout(this.retryTimer);
			this.retryTimer = null;
		}
		this.flush();
	};

	dismiss(id: string): void {
		this.notices = this.notices.filter((n) => n.id !== id);
	}

	waitingOf(type: CommandType): OutboxEntry[] {
		return this.entries.filter((e) => e.type === type);
	}

	private onVisibility = () => {
		if (document.visibilityState === 'visible') this.nudge();
	};

	private storeReady(): Promise<OutboxStore> {
		this.store ??= (this.options.openStore ?? openOutboxStore)();
		return this.store;
	}

	private flush(): void {
		if (this.outdated) return;
		if (this.running) {
			this.again = true;
			return;
		}
		this.running = true;
		void this.drain()
			.catch(() => this.scheduleRetry())
			.finally(() => {
				this.running = false;
				// A nudge that came while this round was ending (it cancelled the retry) is not lost.
				if (this.again && !this.retryTimer && !this.destroyed) this.flush();
			});
	}

	private async drain(): Promise<void> {
		const store = await this.storeReady();
		do {
			this.again = false;
			// Read back from IndexedDB each round: another tab of this gathering may have added or sent some.
			const stored = await store.list(this.gatheringId);
			// Commands `send` is still writing stay visible.
			this.entries = [...stored, ...this.entries.filter((e) => this.unsaved.includes(e.id) && !stored.some((s) => s.id === e.id))];
			for (const entry of stored) {
				if (this.destroyed) return;
				const delivery = await this.deliver(entry);
				if (delivery.kind === 'retry') {
					this.scheduleRetry();
					return;
				}
				if (delivery.kind === 'outdated') {
					// Kept in the store, in order, for the reloaded page.
					this.outdated = true;
					return;
				}
				this.failures = 0;
				await store.delete(entry.id);
				this.entries = this.entries.filter((e) => e.id !== entry.id);
				if (delivery.kind === 'refused') {
					this.notices = [...this.notices, { id: entry.id, message: delivery.message }].slice(-MAX_NOTICES);
				} else if (entry.type === 'addTopic') {
					this.remember({ id: entry.id, title: entry.args.title, details: entry.args.details });
				}
			}
		} while (this.again && !this.destroyed);
	}

	private remember(topic: AcknowledgedTopic) {
		this.acknowledgedTopics = [...this.acknowledgedTopics, topic];
		setTimeout(() => {
			this.acknowledgedTopics = this.acknowledgedTopics.filter((t) => t.id !== topic.id);
		}, ACKNOWLEDGED_TOPIC_MS);
	}

	private scheduleRetry() {
		if (this.destroyed || this.retryTimer) return;
		const base = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** this.failures);
		this.failures++;
		const delay = base * (0.75 + Math.random() * 0.5);
		this.retryTimer = setTimeout(() => {
			this.retryTimer = null;
			this.flush();
		}, delay);
	}

	private async deliver(entry: OutboxEntry): Promise<Delivery> {
		const controller = new AbortController();
		const timer = setTimeout(() => controller.abort(), SEND_TIMEOUT_MS);
		try {
			// Where and when it was made stays on this device.
			const { gatheringId: _gathering, queuedAt: _queued, ...request } = entry;
			const response = await (this.options.fetch ?? fetch)(commandsPath(entry.gatheringId), {
				method: 'POST',
				headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
				body: JSON.stringify(request satisfies CommandRequest),
				credentials: 'same-origin',
				cache: 'no-store',
				redirect: 'manual',
				signal: controller.signal
			});
			if (response.status >= 500 || response.status === 408 || response.status === 429) return { kind: 'retry' };
			const body = readCommandResponse(await response.json().catch(() => null));
			if (response.ok && body?.ok === true) return { kind: 'done', topicId: body.topicId };
			if (body?.ok === false && body.error === REQUEST_ERROR.protocolMismatch) return { kind: 'outdated' };
			if (response.status >= 400) {
				return { kind: 'refused', message: body?.ok === false && body.message ? body.message : m.command_invalid() };
			}
			// A redirect, or a 200 that is not our JSON (a captive portal?): not an answer from our server.
			return { kind: 'retry' };
		} catch {
			return { kind: 'retry' };
		} finally {
			clearTimeout(timer);
		}
	}
}
