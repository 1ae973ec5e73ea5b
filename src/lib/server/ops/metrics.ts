/**
 * The node's figures for the operator, in the Prometheus text exposition format (version
 * 0.0.4). Counters only go up, gauges are read when scraped, histograms have fixed buckets
 * in seconds. Rates (commands per second) are what Prometheus derives from the counters.
 * Label values are fixed words chosen here, never user input.
 */

type Labels = Record<string, string>;

/** Seconds; from 1 ms to 10 s, enough for a command's round trip and for a slow re-sync. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Seconds a timer fired late; 50 ms is the budget for any one client message. */
export const EVENT_LOOP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export class Counter {
	private readonly values = new Map<string, number>();
	constructor(
		readonly name: string,
		readonly help: string
	) {}
	inc(labels: Labels = {}, by = 1): void {
		const key = labelText(labels);
		this.values.set(key, (this.values.get(key) ?? 0) + by);
	}
	get(labels: Labels = {}): number {
		return this.values.get(labelText(labels)) ?? 0;
	}
	render(): string[] {
		const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
		if (this.values.size === 0) lines.push(`${this.name} 0`);
		for (const [key, value] of this.values) lines.push(`${this.name}${key} ${value}`);
		return lines;
	}
}

export class Gauge {
	constructor(
		readonly name: string,
		readonly help: string,
		private readonly read: () => number
	) {}
	render(): string[] {
		return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`, `${this.name} ${this.read()}`];
	}
}

export class Histogram {
	private readonly counts: number[];
	private sum = 0;
	private count = 0;
	constructor(
		readonly name: string,
		readonly help: string,
		private readonly buckets: number[] = LATENCY_BUCKETS
	) {
		this.counts = buckets.map(() => 0);
	}
	observe(seconds: number): void {
		const value = Math.max(0, seconds);
		for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]) this.counts[i]++;
		this.sum += value;
		this.count++;
	}
	get observations(): number {
		return this.count;
	}
	render(): string[] {
		const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
		this.buckets.forEach((le, i) => lines.push(`${this.name}_bucket{le="${le}"} ${this.counts[i]}`));
		lines.push(`${this.name}_bucket{le="+Inf"} ${this.count}`, `${this.name}_sum ${this.sum}`, `${this.name}_count ${this.count}`);
		return lines;
	}
}

function labelText(labels: Labels): string {
	const entries = Object.entries(labels);
	if (!entries.length) return '';
	return `{${entries.map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`).join(',')}}`;
}

/** Every figure a node exposes. Gauges that read live objects are attached once those exist. */
export class Metrics {
	readonly commands = new Counter('opentafel_commands_total', 'Commands handled, by outcome (ok, refused, error).');
	readonly commandSeconds = new Histogram('opentafel_command_duration_seconds', 'From a command arriving to its answer (committed).');
	readonly flushSeconds = new Histogram('opentafel_persist_flush_lag_seconds', 'From a board change being queued to its commit in the database.');
	readonly busPublished = new Counter('opentafel_bus_published_total', 'Messages published to the other nodes, by kind.');
	readonly busPublishErrors = new Counter('opentafel_bus_publish_errors_total', 'Publishes that failed (the other nodes repair by re-sync).');
	readonly busPublishSeconds = new Histogram('opentafel_bus_publish_lag_seconds', 'From commit to the bus accepting the message.');
	readonly busReceived = new Counter('opentafel_bus_received_total', 'Messages received from other nodes, by kind.');
	readonly busReceiveSeconds = new Histogram('opentafel_bus_receive_lag_seconds', 'From the sending node publishing to this node applying (clocks of both nodes).');
	readonly busReconnects = new Counter('opentafel_bus_reconnects_total', 'Times the connection to Redis came back after a loss.');
	readonly resyncs = new Counter('opentafel_resyncs_total', 'Re-syncs from the durable log that found missed changes, by reason.');
	readonly resyncChecks = new Counter('opentafel_resync_checks_total', 'Reads of the durable log to compare with a loaded board, by reason.');
	readonly realtimeRefusals = new Counter('opentafel_realtime_refusals_total', 'Realtime sockets closed for what their client sent, by reason (malformed, rate, error) and message kind.');
	readonly realtimeMessageSeconds = new Histogram('opentafel_realtime_message_seconds', 'Time the event loop spent handling one client message.', EVENT_LOOP_BUCKETS);
	readonly eventLoopDelay = new Histogram('opentafel_event_loop_delay_seconds', 'How late a 20 ms timer fired: time the event loop was blocked.', EVENT_LOOP_BUCKETS);
	readonly rateLimitFallbacks = new Counter('opentafel_rate_limit_fallbacks_total', 'Rate limit checks answered by this node alone because Redis did not answer.');
	private readonly gauges: Gauge[] = [];

	gauge(name: string, help: string, read: () => number): void {
		this.gauges.push(new Gauge(name, help, read));
	}

	render(): string {
		const all = [
			...this.gauges,
			this.commands,
			this.commandSeconds,
			this.flushSeconds,
			this.busPublished,
			this.busPublishErrors,
			this.busPublishSeconds,
			this.busReceived,
			this.busReceiveSeconds,
			this.busReconnects,
			this.resyncs,
			this.resyncChecks,
			this.rateLimitFallbacks,
			this.realtimeRefusals,
			this.realtimeMessageSeconds,
			this.eventLoopDelay
		];
		return all.flatMap((m) => m.render()).join('\n') + '\n';
	}
}
