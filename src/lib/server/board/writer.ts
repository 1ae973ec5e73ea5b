/**
 * Group commit. Updates and command records from all gatherings are queued and written
 * together every few milliseconds in one transaction; each caller's promise resolves only
 * after that commit. Batches commit strictly in order, so callers that broadcast in their
 * `then` broadcast in the order the changes happened.
 */
import type { Db } from '../db/client';
import type { Durable } from './durable-log';
import { writeBatch, type LogEntry } from './store';

/** How long the first entry of a batch waits for company. */
export const FLUSH_INTERVAL_MS = 2;
/** A batch never grows beyond this; a large backlog is written in several transactions. */
export const MAX_BATCH_ENTRIES = 500;

type Pending = { entry: LogEntry; queuedAt: number; resolve: (durable: Durable | null) => void; reject: (error: unknown) => void };

export type WriterOptions = {
	/** How a batch is written; with several nodes it also tells where each update landed in the log. */
	write?: (db: Db, entries: LogEntry[]) => Promise<(Durable | null)[] | void>;
	/** Told, per committed entry, how long it waited from enqueue to commit. */
	observeLagMs?: (ms: number) => void;
};

export class UpdateWriter {
	private queue: Pending[] = [];
	private timer: ReturnType<typeof setTimeout> | null = null;
	private running: Promise<void> = Promise.resolve();
	private closed = false;

	constructor(
		private readonly db: Db,
		private readonly onError: (error: unknown) => void = () => {},
		private readonly options: WriterOptions = {}
	) {}

	/** Resolves after the commit, with the update's place in the log when the writer knows it. */
	enqueue(entry: LogEntry): Promise<Durable | null> {
		if (this.closed) return Promise.reject(new Error('writer closed'));
		return new Promise((resolve, reject) => {
			this.queue.push({ entry, queuedAt: performance.now(), resolve, reject });
			this.timer ??= setTimeout(() => this.flush(), FLUSH_INTERVAL_MS);
		});
	}

	/** Resolves once everything enqueued so far is committed (or failed). */
	async drain(): Promise<void> {
		if (this.queue.length) this.flush();
		await this.running;
	}

	async close(): Promise<void> {
		await this.drain();
		this.closed = true;
	}

	private flush(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		const batch = this.queue.splice(0, MAX_BATCH_ENTRIES);
		if (this.queue.length) this.timer = setTimeout(() => this.flush(), 0);
		if (!batch.length) return;
		this.running = this.running.then(async () => {
			try {
				const entries = batch.map((p) => p.entry);
				const places = this.options.write ? await this.options.write(this.db, entries) : await writeBatch(this.db, entries);
				const committedAt = performance.now();
				batch.forEach((p, i) => {
					this.options.observeLagMs?.(committedAt - p.queuedAt);
					p.resolve(places?.[i] ?? null);
				});
			} catch (error) {
				this.onError(error);
				for (const p of batch) p.reject(error);
			}
		});
	}
}
