/**
 * The command table is checked by the compiler: the `@ts-expect-error` lines below are errors
 * `npm run check` expects, so if a table missing an applier ever compiled, the check would fail
 * on an unused expectation.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { APPLIERS } from './apply';
import type { Applier, Appliers } from './applier';
import { COMMAND_TYPES } from './commands';
import { OK } from './result';
import { TOPIC_APPLIERS } from './topics-apply';
import { VOICES_APPLIERS } from './voices-apply';

const { setPhase: _setPhase, ...withoutSetPhase } = { ...TOPIC_APPLIERS, ...VOICES_APPLIERS };

// @ts-expect-error a table without an applier for `setPhase` is not a full table
const _missingOne: Appliers = withoutSetPhase;

// @ts-expect-error the same, checked with `satisfies`
const _missingOneSatisfies = { ...withoutSetPhase } satisfies Appliers;

// @ts-expect-error the voices' table alone misses every topic command
const _voicesOnly: Appliers = VOICES_APPLIERS;

/** The sender's role is in the type: a participant's command sees a participant, a facilitator's a facilitator. */
const _placeDot: Applier<'placeDot'> = (_b, _c, ctx) => {
	const _kind: 'participant' = ctx.actor.kind;
	return OK;
};
// @ts-expect-error a facilitator has no participant name
const _readsAName: Applier<'setPhase'> = (_b, _c, ctx) => (ctx.actor.name === '' ? OK : OK);

describe('the command table', () => {
	it('has an applier for every command type the schemas accept, and nothing else', () => {
		expect(Object.keys(APPLIERS).sort()).toEqual([...COMMAND_TYPES].sort());
		for (const type of COMMAND_TYPES) expect(typeof APPLIERS[type]).toBe('function');
	});

	it('is known to the command fuzzer, type by type', async () => {
		const file = pathToFileURL(path.resolve(import.meta.dirname, '..', '..', '..', 'fuzz', 'command-args.mjs')).href;
		const { FUZZED_TYPES } = (await import(/* @vite-ignore */ file)) as { FUZZED_TYPES: string[] };
		expect([...FUZZED_TYPES].sort()).toEqual([...COMMAND_TYPES].sort());
	});
});
