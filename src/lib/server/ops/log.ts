/**
 * Structured logging. With LOG_FORMAT=json every line on stdout/stderr is one JSON object
 * (time, level, node, msg and fields such as the request id), ready for a log collector; the
 * default text format keeps the familiar plain lines for a single machine.
 */
import type { LogFormat } from '../cluster-config';

export type LogFields = Record<string, unknown>;

export type Logger = {
	readonly format: LogFormat;
	info(msg: string, fields?: LogFields): void;
	warn(msg: string, fields?: LogFields): void;
	error(msg: string, fields?: LogFields): void;
};

export function createLogger(options: { format: LogFormat; node: string }): Logger {
	const write = (level: 'info' | 'warn' | 'error', msg: string, fields: LogFields = {}) => {
		const stream = level === 'info' ? process.stdout : process.stderr;
		if (options.format === 'json') {
			const line = { time: new Date().toISOString(), level, node: options.node, msg, ...serialisable(fields) };
			stream.write(JSON.stringify(line) + '\n');
		} else {
			const extra = Object.entries(serialisable(fields)).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
			stream.write([msg, ...extra].join(' ') + '\n');
		}
	};
	return {
		format: options.format,
		info: (msg, fields) => write('info', msg, fields),
		warn: (msg, fields) => write('warn', msg, fields),
		error: (msg, fields) => write('error', msg, fields)
	};
}

/** Errors become their message (no stacks with data in them), everything else is kept. */
function serialisable(fields: LogFields): LogFields {
	const out: LogFields = {};
	for (const [k, v] of Object.entries(fields)) out[k] = v instanceof Error ? v.message : v;
	return out;
}
