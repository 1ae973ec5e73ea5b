/**
 * Both fuzzers once at a small size against the current build: hostile realtime frames must
 * not crash the server, hostile commands must get no 5xx and leave the board sound. The
 * figures are printed as `name: value unit` lines; stalls and memory are measured, not
 * judged, beyond the fuzzers' own generous bounds. A fixed seed keeps a failure repeatable.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const FIGURE = /^[a-z0-9.-]+: \S+( \S+)?$/;
const FUZZ_TIMEOUT_MS = 240_000;

async function fuzz(script: string, args: string[]): Promise<{ code: number; figures: Map<string, string>; stderr: string }> {
	let stdout: string;
	let stderr: string;
	let code = 0;
	try {
		({ stdout, stderr } = await run(process.execPath, [`fuzz/${script}`, ...args], { timeout: FUZZ_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 }));
	} catch (error) {
		const failed = error as { stdout?: string; stderr?: string; code?: number };
		({ stdout = '', stderr = '', code = 1 } = failed);
	}
	const lines = stdout.trim().split('\n').filter(Boolean);
	for (const line of lines) expect(line).toMatch(FIGURE);
	return { code, stderr, figures: new Map(lines.map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)])) };
}

describe('fuzzers at a small size', () => {
	it('fuzz:realtime: no hostile frame crashes the server', { timeout: FUZZ_TIMEOUT_MS }, async () => {
		// One crash is enough to fail; --replay finds the frame that does it alone for the report.
		const { figures, stderr } = await fuzz('realtime.mjs', ['--seed', '20261128', '--frames', '300', '--max-crashes', '1', '--replay', '8']);
		expect(figures.get('fuzz.realtime.crashes'), stderr).toBe('0 crashes');
		expect(Number.parseInt(figures.get('fuzz.realtime.frames') ?? '0')).toBeGreaterThan(250);
		expect(figures.get('fuzz.realtime.bystander.after-run')).toMatch(/ ms$/);
	});

	it('fuzz:commands: no 5xx, only known answers, the board keeps its rules', { timeout: FUZZ_TIMEOUT_MS }, async () => {
		const { code, figures, stderr } = await fuzz('commands.mjs', ['--seed', '20261128', '--runs', '300']);
		expect(figures.get('fuzz.commands.server-errors'), stderr).toBe('0 requests');
		expect(figures.get('fuzz.commands.crashes'), stderr).toBe('0 crashes');
		expect(figures.get('fuzz.commands.problems'), stderr).toBe('0 problems');
		expect(code, stderr).toBe(0);
	});
});
