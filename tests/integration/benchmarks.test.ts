/**
 * The benchmarks once at a tiny size, to prove they still run against the current build and
 * print their figures as `name: value unit` lines. Timings are not checked: benchmarks measure,
 * they do not pass or fail on speed. bench:page is left out: one Lighthouse run alone takes
 * about 15 s here, more than the rest together.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const FIGURE = /^[a-z0-9.-]+: \S+( \S+)?$/;

async function bench(script: string, args: string[]): Promise<Map<string, string>> {
	const env = { ...process.env };
	// The PostgreSQL part of bench:commands runs only when asked for.
	delete env.TEST_DATABASE_URL;
	const { stdout } = await run(process.execPath, [`bench/${script}`, ...args], { env, timeout: 60_000 });
	const lines = stdout.trim().split('\n');
	for (const line of lines) expect(line).toMatch(FIGURE);
	return new Map(lines.map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]));
}

describe('benchmarks at a tiny size', () => {
	it('bench:board', async () => {
		const figures = await bench('board-latency.mjs', ['--clients', '2', '--commands', '3']);
		expect(figures.get('board.send-to-last-phone.p95')).toMatch(/ ms$/);
	});

	it('bench:commands', async () => {
		const figures = await bench('commands.mjs', ['--commands', '10', '--senders', '1,2']);
		expect(figures.get('commands.pglite.senders-2.throughput')).toMatch(/ commands\/s$/);
		expect(figures.get('commands.postgres')).toBe('skipped');
	});

	it('bench:realtime', async () => {
		// Only the several-gatherings run: it goes through every path the single ones do.
		const figures = await bench('realtime.mjs', ['--phones', '', '--many', '2x2', '--many-commands', '1', '--gap', '0', '--workers', '1']);
		expect(figures.get('realtime.gatherings-2x2.ours.command-to-all-phones.p95')).toMatch(/ ms$/);
		expect(figures.get('realtime.gatherings-2x2.reference.write-to-all-phones.p95')).toMatch(/ ms$/);
		expect(figures.get('realtime.gatherings-2x2.ours-command-over-reference.p95')).toMatch(/ x$/);
	});
});
