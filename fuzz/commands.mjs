#!/usr/bin/env node
/**
 * `npm run fuzz:commands`: the command API of the production server under fast-check.
 *
 * Requests (command-args.mjs) go to `POST /api/gatherings/<id>/commands` one after another,
 * from the facilitator, from guests of the gathering, from a guest of another gathering and
 * from someone without a session. Every answer must be a 200 with `ok: true`, or a JSON
 * refusal with `ok: false`, a code the app defines and that code's status (both read from the
 * status table in src/lib/board/errors.ts, so a new code needs no change here); never a 5xx, never
 * anything but JSON. The server must stay up, and the board must keep its rules
 * (board-check.mjs), checked every CHECK_EVERY requests on a screen's copy of the doc.
 * At the end the board is closed and must then refuse every change.
 *
 * Exit code 1 on any broken expectation; the first few are printed with their request.
 * Options: --seed <n> --runs 1000
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { connectPhone, figure, joinMany, now, openGathering, option, printMachine, realtimeUrl, root, signUpHost, sleep, startServer } from '../bench/harness.mjs';
import { commandArbitraries, FUZZED_TYPES } from './command-args.mjs';
import { brokenRules } from './board-check.mjs';
import { watched } from './session.mjs';

process.setMaxListeners(0);
const SEED = option('seed', Math.floor(Math.random() * 2 ** 31));
const RUNS = option('runs', 1_000);
const GUESTS = 12;
/** What harness.openGathering sets up. */
const SETTINGS = { dotsPerParticipant: 3, maxDotsPerTopic: 2 };
const CHECK_EVERY = 200;
const REQUEST_TIMEOUT_MS = 30_000;
/** Commands are answered after commit and broadcast after commit: a moment for the copy to catch up. */
const SCREEN_CATCH_UP_MS = 300;
const PROBLEMS_SHOWN = 10;

/**
 * The status of every refusal code, read from the one table the server answers with
 * (COMMAND_ERROR_STATUS in src/lib/board/errors.ts), so the expectations follow the source.
 */
function errorStatusTable() {
	const source = readFileSync(path.join(root, 'src/lib/board/errors.ts'), 'utf8');
	const table = /export const COMMAND_ERROR_STATUS = \{([\s\S]*?)\n\} as const/.exec(source);
	if (!table) throw new Error('COMMAND_ERROR_STATUS not found in src/lib/board/errors.ts');
	return new Map([...table[1].matchAll(/^\t(\w+): (\d{3}),?$/gm)].map(([, code, status]) => [code, Number(status)]));
}

/** The command types of one role's table in commands.ts (`PARTICIPANT` or `FACILITATOR`). */
function commandTypesInSource(role) {
	const source = readFileSync(path.join(root, 'src/lib/board/commands.ts'), 'utf8');
	const block = new RegExp(`export const ${role}_COMMANDS = \\{([\\s\\S]*?)\\n\\} as const`).exec(source);
	if (!block) throw new Error(`${role}_COMMANDS not found in src/lib/board/commands.ts`);
	return [...block[1].matchAll(/^\t(\w+): v\./gm)].map((m) => m[1]);
}

const FACILITATOR_TYPES = new Set(commandTypesInSource('FACILITATOR'));
const missing = [...commandTypesInSource('PARTICIPANT'), ...FACILITATOR_TYPES].filter((t) => !FUZZED_TYPES.includes(t));
if (missing.length) {
	console.error(`FAIL: commands.ts has types the fuzzer does not know: ${missing.join(', ')}`);
	process.exit(1);
}
const STATUS_OF = errorStatusTable();

let server = watched(await startServer());
const dataDir = server.dataDir;
const host = await signUpHost(server.url);
const gathering = await openGathering(host, 'Commands');
const other = await openGathering(host, 'Elsewhere');
const state = { joined: 0 };
const guests = await joinMany(server.url, gathering.code, GUESTS, { state, namePrefix: 'Guest' });
const [outsider] = await joinMany(server.url, other.code, 1, { state, namePrefix: 'Outsider' });
const consoleHtml = (await host.get(`/g/${gathering.id}`)).body.toString();
const participants = [...new Set([...consoleHtml.matchAll(/name="participantId" value="([a-z2-7]+)"/g)].map((m) => m[1]))];
let screen = await openScreen();

async function openScreen() {
	const s = connectPhone(realtimeUrl(server.url), gathering.id, host.cookie());
	await s.synced;
	return s;
}

const known = {
	get topics() {
		return [...screen.doc.getMap('topics').keys()];
	},
	get turns() {
		return [...screen.doc.getMap('turns').keys()];
	},
	participants,
	usedIds: []
};

const counts = { requests: 0, byStatus: new Map(), byCode: new Map(), crashes: 0, checks: 0 };
const problems = [];
const bump = (m, k) => m.set(k, (m.get(k) ?? 0) + 1);

function cookieFor(req, type) {
	const sender = req.sender === 'auto' ? (FACILITATOR_TYPES.has(type) ? 'facilitator' : 'guest') : req.sender;
	if (sender === 'facilitator') return host.cookie();
	if (sender === 'guest') return guests[req.guest % guests.length];
	if (sender === 'other-gathering') return outsider;
	return '';
}

async function send(req) {
	const type = req.envelope?.type;
	const res = await fetch(`${server.url}/api/gatherings/${gathering.id}/commands`, {
		method: 'POST',
		// A browser's fetch sends its origin; without it SvelteKit refuses form content types as CSRF (plain text, by design).
		headers: { 'content-type': req.contentType ?? 'application/json', cookie: cookieFor(req, type), origin: server.url },
		body: req.body,
		signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS)
	});
	const text = await res.text();
	let body = null;
	try {
		body = JSON.parse(text);
	} catch {
		// judged below
	}
	return { status: res.status, json: (res.headers.get('content-type') ?? '').includes('application/json'), body, text };
}

function judge(req, answer) {
	bump(counts.byStatus, answer.status);
	if (answer.body?.error) bump(counts.byCode, answer.body.error);
	if (answer.status >= 500) return `answered ${answer.status}`;
	if (!answer.json || answer.body === null) return `answered ${answer.status} without JSON: ${answer.text.slice(0, 80)}`;
	if (answer.status === 200) return answer.body.ok === true ? null : `200 without ok: ${answer.text.slice(0, 80)}`;
	if (answer.body.ok !== false || !STATUS_OF.has(answer.body.error)) return `answered ${answer.status} with an unknown error: ${answer.text.slice(0, 80)}`;
	if (STATUS_OF.get(answer.body.error) !== answer.status) return `answered ${answer.status} for ${answer.body.error}, whose status is ${STATUS_OF.get(answer.body.error)}`;
	return null;
}

function problem(req, what) {
	problems.push(what);
	if (problems.length <= PROBLEMS_SHOWN) console.error(`PROBLEM (seed ${SEED}): ${what}\n  request: ${req.sender} ${req.kind} ${String(req.body).slice(0, 200)}`);
}

async function checkBoard(label) {
	counts.checks++;
	await sleep(SCREEN_CATCH_UP_MS);
	for (const rule of brokenRules(screen.doc, SETTINGS)) problem({ sender: '-', kind: label, body: '' }, `board rule broken: ${rule}`);
}

async function afterCrash(req) {
	counts.crashes++;
	problem(req, `the server exited (${await server.exited}): ${server.output().split('\n').filter((l) => /error/i.test(l)).slice(0, 3).join(' | ')}`);
	screen.destroy();
	server = watched(await startServer({ dataDir }));
	screen = await openScreen();
}

const started = now();
await fc.assert(
	fc.asyncProperty(commandArbitraries(known), async (req) => {
		counts.requests++;
		if (typeof req.envelope?.id === 'string') known.usedIds.push(req.envelope.id);
		try {
			const what = judge(req, await send(req));
			if (what) problem(req, what);
		} catch (error) {
			if (!server.dead) problem(req, `no answer: ${error.message}`);
		}
		if (server.dead) await afterCrash(req);
		if (counts.requests % CHECK_EVERY === 0) await checkBoard(`check after ${counts.requests} requests`);
		return true;
	}),
	{ numRuns: RUNS, seed: SEED }
);
const seconds = (now() - started) / 1000;
await checkBoard('final check');

// Closed is for good: afterwards nothing changes, and every refusal says so.
const close = await send({ sender: 'facilitator', body: JSON.stringify({ id: randomUUID(), type: 'setPhase', args: { phase: 'closed' } }) });
const afterClose = await send({ sender: 'guest', guest: 0, body: JSON.stringify({ id: randomUUID(), type: 'addTopic', args: { title: 'Too late' } }) });
if (close.status !== 200 && close.body?.error !== 'rate_limited') problem({ sender: 'facilitator', kind: 'close', body: '' }, `closing answered ${close.status}`);
if (close.status === 200 && afterClose.body?.error !== 'closed') problem({ sender: 'guest', kind: 'after-close', body: '' }, `a closed board answered ${afterClose.status} ${afterClose.text.slice(0, 80)}`);

screen.destroy();
await server.stop();
rmSync(dataDir, { recursive: true, force: true });

printMachine();
figure('fuzz.commands.seed', SEED, '');
figure('fuzz.commands.requests', counts.requests, 'requests');
figure('fuzz.commands.seconds', seconds, 's');
figure('fuzz.commands.crashes', counts.crashes, 'crashes');
figure('fuzz.commands.problems', problems.length, 'problems');
figure('fuzz.commands.board-checks', counts.checks, 'checks');
figure('fuzz.commands.server-errors', [...counts.byStatus].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0), 'requests');
for (const [status, n] of [...counts.byStatus].sort((a, b) => a[0] - b[0])) figure(`fuzz.commands.status-${status}`, n, 'requests');
for (const [code, n] of [...counts.byCode].sort()) figure(`fuzz.commands.refused.${code.replace(/_/g, '-')}`, n, 'requests');
for (const reason of problems.length ? [`${problems.length} broken expectation(s), the first printed above (stderr)`] : []) console.error(`FAIL: ${reason}`);
process.exit(problems.length ? 1 : 0);
