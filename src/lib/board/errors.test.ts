import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { COMMAND_ERROR_STATUS, REQUEST_ERROR, statusOf, type CommandError } from './errors';
import { applyCommand, type ApplyContext } from './apply';
import { parseCommand } from './commands';

/** Every error code written as a literal where commands are refused, read from the source itself. */
function codesIn(file: string): string[] {
	const source = readFileSync(file, 'utf8');
	const found = [...source.matchAll(/(?:fail\(|refuse\(|error: |return )'([a-z_]+)'/g)].map((match) => match[1]);
	return [...new Set(found)];
}

const REFUSING_FILES = [
	'src/lib/board/apply.ts',
	'src/lib/board/topics-apply.ts',
	'src/lib/board/voices-apply.ts',
	'src/lib/board/commands.ts',
	'src/lib/server/commands/execute.ts',
	'src/lib/server/gatherings/participants.ts',
	'src/routes/api/gatherings/[id]/commands/+server.ts'
];
// Literals in those files that are not error codes.
const NOT_CODES = new Set(['replay']);

describe('the status of a refused command', () => {
	it('is given for every code the appliers, the parser and the route produce', () => {
		const codes = REFUSING_FILES.flatMap(codesIn).filter((code) => !NOT_CODES.has(code));
		expect(codes.length).toBeGreaterThan(20);
		for (const code of codes) expect(Object.hasOwn(COMMAND_ERROR_STATUS, code), code).toBe(true);
		for (const code of Object.values(REQUEST_ERROR)) expect(Object.hasOwn(COMMAND_ERROR_STATUS, code), code).toBe(true);
	});

	it('is a client error; only a rate limit is worth sending again', () => {
		for (const [code, status] of Object.entries(COMMAND_ERROR_STATUS)) {
			expect([400, 403, 404, 409, 413, 415, 429], code).toContain(status);
		}
		expect(Object.entries(COMMAND_ERROR_STATUS).filter(([, status]) => status === 429)).toEqual([['rate_limited', 429]]);
	});

	it('says what happened', () => {
		const expected: [CommandError, number][] = [
			['invalid_command', 400],
			['title_too_long', 400],
			['forbidden', 403],
			['not_yours', 403],
			['not_found', 404],
			['unknown_participant', 404],
			['budget_spent', 409],
			['closed', 409],
			['too_large', 413],
			['not_json', 415],
			['rate_limited', 429]
		];
		for (const [code, status] of expected) expect(statusOf(code), code).toBe(status);
	});

	it('is 404 for a dot on a topic that does not exist', () => {
		const parsed = parseCommand({ id: crypto.randomUUID(), type: 'placeDot', args: { topicId: 'nosuchtopic' } });
		if (!parsed.ok) throw new Error(parsed.error);
		const ctx: ApplyContext = { actor: { kind: 'participant', id: 'anna', name: 'Anna' }, settings: { dotsPerParticipant: 3, maxDotsPerTopic: 2 }, now: 1 };
		const result = applyCommand(new Y.Doc(), parsed.command, ctx, { kind: 'command' });
		expect(result).toEqual({ ok: false, error: 'not_found' });
		if (!result.ok) expect(statusOf(result.error)).toBe(404);
	});
});
