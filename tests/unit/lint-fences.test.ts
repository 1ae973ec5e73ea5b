/**
 * The fences in eslint.config.js hold whichever way an import is spelled: the project's own
 * lint configuration is run on code placed (in name only — nothing is written into src/) in
 * each fenced layer. The cycle check is run on a small tree of its own.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCycles } from '../../scripts/lint/cycles.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CORE_FILE = path.join(ROOT, 'src/lib/board/fenced-example.ts');
const LOWER_SERVER_FILE = path.join(ROOT, 'src/lib/server/board/fenced-example.ts');
const BROWSER_FILE = path.join(ROOT, 'src/lib/client/fenced-example.ts');
const FENCE_RULE = 'fences/imports';
/** Loading the configuration and its parsers once, on a busy two-core machine. */
const CONFIG_LOAD_MS = 60_000;

const eslint = new ESLint({ cwd: ROOT });
beforeAll(() => eslint.lintText('', { filePath: CORE_FILE }), CONFIG_LOAD_MS);

/** The fence errors ESLint reports for `code` as if it were the file at `filePath`. */
async function fenceErrors(code: string, filePath: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, { filePath });
	return result.messages.filter((message) => message.ruleId === FENCE_RULE && message.severity === 2).map((message) => message.message);
}

describe('the core’s fence', () => {
	it.each([
		["import { getDb } from '../server/db/client';", 'src/lib/server/db/client'],
		["import { getDb } from '../../lib/server/db/client';", 'src/lib/server/db/client'],
		["import { getDb } from '$lib/server/db/client';", 'src/lib/server/db/client'],
		["import type { Room } from '/src/lib/server/realtime/room';", 'src/lib/server/realtime/room'],
		["export { getDb } from '../server/db/client';", 'src/lib/server/db/client'],
		["import { WebSocket } from 'ws';", 'the package ws'],
		["import { drizzle } from 'drizzle-orm/pglite';", 'the package drizzle-orm'],
		["import { PGlite } from '@electric-sql/pglite';", 'the package @electric-sql'],
		["import postgres from 'postgres';", 'the package postgres'],
		["import { createClient } from 'redis';", 'the package redis'],
		["import { readFileSync } from 'node:fs';", 'the Node builtin node:fs'],
		["import { join } from 'path';", 'the Node builtin path'],
		["import { page } from '$app/state';", 'the package $app'],
		["import { env } from '$env/dynamic/private';", 'the package $env'],
		["import { onMount } from 'svelte';", 'the package svelte'],
		["const db = await import('../server/db/client');", 'src/lib/server/db/client'],
		["type Room = import('../server/realtime/room').Room;", 'src/lib/server/realtime/room'],
		["import { m } from '$lib/paraglide/messages';", 'src/lib/paraglide/messages']
	])('refuses %s', async (code, target) => {
		const errors = await fenceErrors(code, CORE_FILE);
		expect(errors).toHaveLength(1);
		expect(errors[0]).toContain(target);
	});

	it('lets the core import itself and its own packages', async () => {
		const code = ["import * as Y from 'yjs';", "import * as v from 'valibot';", "import { queueOrder } from '../voices/queue';", "import { clean } from '$lib/validation/text';"].join('\n');
		expect(await fenceErrors(code, CORE_FILE)).toEqual([]);
	});

	it('lets the core’s tests read fixtures with Node builtins, and nothing more', async () => {
		const testFile = CORE_FILE.replace(/\.ts$/, '.test.ts');
		expect(await fenceErrors("import { readFileSync } from 'node:fs';", testFile)).toEqual([]);
		expect(await fenceErrors("import { getDb } from '../server/db/client';", testFile)).toHaveLength(1);
	});
});

describe('the lower server layers’ fence', () => {
	it.each([
		"import { RoomRegistry } from '../realtime/registry';",
		"import { RoomRegistry } from '$lib/server/realtime/registry';",
		"import type { Bus } from '../cluster/bus';",
		"import { CommandService } from '../commands/execute';",
		"import { getRuntime } from '../runtime';"
	])('refuses %s', async (code) => {
		expect(await fenceErrors(code, LOWER_SERVER_FILE)).toHaveLength(1);
	});

	it('refuses a type-only import that points up, too', async () => {
		const snapshot = path.join(ROOT, 'src/lib/server/board/snapshot.ts');
		expect(await fenceErrors("import type { RoomRegistry } from '../realtime/registry';", snapshot)).toHaveLength(1);
		expect(await fenceErrors("import type { Room } from '../realtime/room';", snapshot)).toHaveLength(1);
	});

	it('lets them use each other, the database and the core', async () => {
		const code = ["import { getDb } from '../db/client';", "import { drizzle } from 'drizzle-orm/pglite';", "import { createDoc } from '$lib/board/doc';"].join('\n');
		expect(await fenceErrors(code, LOWER_SERVER_FILE)).toEqual([]);
	});
});

describe('one way down inside the lower server', () => {
	const DB_FILE = path.join(ROOT, 'src/lib/server/db/fenced-example.ts');
	const AUTH_FILE = path.join(ROOT, 'src/lib/server/auth/fenced-example.ts');
	const GATHERINGS_FILE = path.join(ROOT, 'src/lib/server/gatherings/fenced-example.ts');

	it('refuses the database importing sessions or gatherings', async () => {
		expect(await fenceErrors("import { validateUserSession } from '../auth/sessions';", DB_FILE)).toHaveLength(1);
		expect(await fenceErrors("import { findGatheringById } from '$lib/server/gatherings/store';", DB_FILE)).toHaveLength(1);
	});

	it('refuses sessions and accounts importing gatherings, boards or the nazit', async () => {
		expect(await fenceErrors("import { findGatheringById } from '../gatherings/store';", AUTH_FILE)).toHaveLength(1);
		expect(await fenceErrors("import type { BoardStore } from '../board/store';", AUTH_FILE)).toHaveLength(1);
		expect(await fenceErrors("import { nazitOf } from '$lib/server/nazit/store';", AUTH_FILE)).toHaveLength(1);
	});

	it('lets gatherings use sessions, and sessions the database', async () => {
		expect(await fenceErrors("import { createSession } from '../auth/sessions';", GATHERINGS_FILE)).toEqual([]);
		expect(await fenceErrors("import type { Db } from '../db/client';", AUTH_FILE)).toEqual([]);
	});
});

describe('the shared protocol’s fence', () => {
	it('keeps the contract both ends import free of server and browser code', async () => {
		const file = path.join(ROOT, 'src/lib/protocol/fenced-example.ts');
		expect(await fenceErrors("import { CLOSE } from '../server/realtime/socket';", file)).toHaveLength(1);
		expect(await fenceErrors("import { Outbox } from '$lib/client/outbox.svelte';", file)).toHaveLength(1);
		expect(await fenceErrors("import type { CommandEnvelope } from '../board/commands';", file)).toEqual([]);
	});
});

describe('the browser’s fence', () => {
	it.each(["import { getDb } from '../server/db/client';", "import { WebSocketServer } from 'ws';", "import { env } from '$env/static/private';", "import { createHash } from 'node:crypto';"])(
		'refuses %s',
		async (code) => {
			expect(await fenceErrors(code, BROWSER_FILE)).toHaveLength(1);
		}
	);

	it('applies to pages under src/routes', async () => {
		const page = path.join(ROOT, 'src/routes/g/[id]/+layout.ts');
		expect(await fenceErrors("import { getRuntime } from '../../../lib/server/runtime';", page)).toHaveLength(1);
	});

	it('lets the browser use the core, the client and public env', async () => {
		const code = ["import { readBoard } from '$lib/board/read';", "import { env } from '$env/dynamic/public';", "import * as Y from 'yjs';"].join('\n');
		expect(await fenceErrors(code, BROWSER_FILE)).toEqual([]);
	});
});

describe('the import-cycle check', () => {
	const root = mkdtempSync(path.join(os.tmpdir(), 'opentafel-cycles-'));
	afterAll(() => rmSync(root, { recursive: true, force: true }));

	function write(file: string, text: string) {
		mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
		writeFileSync(path.join(root, file), text);
	}

	it('finds no cycle in src/', () => {
		expect(findCycles(ROOT)).toEqual([]);
	});

	it('finds a two-file cycle however its imports are spelled, and prints it', () => {
		write('src/lib/a/first.ts', "import { second } from '$lib/a/second';\nexport const first = 1;");
		write('src/lib/a/second.ts', "import type { first } from './first.js';\nexport const second = 2;");
		expect(findCycles(root)).toEqual([['src/lib/a/first.ts', 'src/lib/a/second.ts', 'src/lib/a/first.ts']]);
	});

	it('follows .svelte scripts and .svelte.ts modules, and ignores dynamic imports and comments', () => {
		write('src/lib/b/View.svelte', '<script lang="ts">\n\timport { state } from \'./state.svelte\';\n</script>');
		write('src/lib/b/state.svelte.ts', "// import View from './View.svelte';\nexport const state = await import('./View.svelte');");
		write('src/lib/c/Ring.svelte', '<script lang="ts">\n\timport { loop } from \'./loop.svelte\';\n</script>');
		write('src/lib/c/loop.svelte.ts', "import Ring from './Ring.svelte';\nexport const loop = Ring;");
		expect(findCycles(root)).toContainEqual(['src/lib/c/Ring.svelte', 'src/lib/c/loop.svelte.ts', 'src/lib/c/Ring.svelte']);
		expect(findCycles(root).flat()).not.toContain('src/lib/b/View.svelte');
	});
});
