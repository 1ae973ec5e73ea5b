/**
 * The production server as tests, benchmarks and fuzzers run it: `node server.js` (adapter-node's
 * build wrapped by our entry) in a child process, on a port of its own, with a database of its
 * own, configured only by what the caller passes.
 *
 * Isolation: the variables that choose where data lives or who the node is (ORIGIN,
 * DATABASE_URL, REDIS_URL, DATA_DIR, METRICS_TOKEN, NODE_ID) are never inherited from the
 * shell that runs the tests; a developer's `.env` must not point a test at real data.
 *
 * Readiness: the server prints its address once the database is open and migrated and it
 * accepts connections (in text: "listening on http://…", in JSON logs: the "Open Tafel is
 * listening" line with its `url`). Nothing is read from it before that line.
 *
 * Data: without a database URL or a data directory, the server gets a fresh embedded database
 * copied from a template (see freshDataDir). stop() deletes the data directory unless asked to
 * keep it, whoever made it: a restarted server owns the directory it was handed.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A slow first boot (PGlite's initdb on two busy cores) stays well below this. */
const START_TIMEOUT_MS = 60_000;
/** Fresh data directories are named `<prefix><pid of the process that made them>-…`. */
const DATA_DIR_PREFIX = 'opentafel-data-';
const NOT_INHERITED = ['ORIGIN', 'DATABASE_URL', 'REDIS_URL', 'DATA_DIR', 'METRICS_TOKEN', 'NODE_ID'];
const TEXT_LISTENING = /listening on (http:\/\/\S+)/;
const JSON_LISTENING = /"msg":"Open Tafel is listening".*?"url":"(http:\/\/[^"]+)"/;

/**
 * @typedef {object} StartedProcess
 * @property {string} url where it listens, with `127.0.0.1` for `localhost`
 * @property {number} pid
 * @property {() => string} output everything it printed so far (stdout and stderr)
 * @property {Promise<number | string>} exited resolves when it ends, whoever ended it: the exit code, or the signal's name
 * @property {(options?: { signal?: NodeJS.Signals }) => Promise<{ code: number | null; ms: number }>} stop
 *   sends `signal` (SIGTERM by default), then resolves with the exit code (null after a signal) and how long the exit took
 * @property {() => void} pause SIGSTOP: a process that hangs with its sockets open
 * @property {() => void} resume SIGCONT
 */

/**
 * Starts `node <args>` and resolves once it prints where it listens; rejects with its output
 * if it exits or stays silent for `startTimeoutMs`.
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv; startTimeoutMs?: number; echo?: boolean }} [options]
 *   `env` is the whole environment; `echo` copies its output to this process's.
 * @returns {Promise<StartedProcess>}
 */
export async function startListening(args, { env = process.env, startTimeoutMs = START_TIMEOUT_MS, echo = false } = {}) {
	const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	/** @type {Promise<number | string>} */
	const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
	const url = await new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start within ${startTimeoutMs} ms:\n${output}`)), startTimeoutMs);
		/** @param {Buffer} chunk @param {NodeJS.WriteStream} stream */
		const collect = (chunk, stream) => {
			output += chunk;
			if (echo) stream.write(chunk);
			const match = TEXT_LISTENING.exec(output) ?? JSON_LISTENING.exec(output);
			if (!match) return;
			clearTimeout(timer);
			resolve(match[1].replace('localhost', '127.0.0.1'));
		};
		child.stdout.on('data', (chunk) => collect(chunk, process.stdout));
		child.stderr.on('data', (chunk) => collect(chunk, process.stderr));
		exited.then((code) => {
			clearTimeout(timer);
			reject(new Error(`${args.join(' ')} exited with ${code}:\n${output}`));
		});
	});
	const running = () => child.exitCode === null && child.signalCode === null;
	return {
		url,
		pid: /** @type {number} */ (child.pid),
		output: () => output,
		exited,
		async stop({ signal = 'SIGTERM' } = {}) {
			const started = Date.now();
			if (running()) child.kill(signal);
			await exited;
			return { code: child.exitCode, ms: Date.now() - started };
		},
		pause: () => void (running() && child.kill('SIGSTOP')),
		resume: () => void (running() && child.kill('SIGCONT'))
	};
}

/**
 * @typedef {object} ServerOptions
 * @property {number} [port] 0 (the default) lets the system pick a free one
 * @property {string} [dataDir] an embedded database to reopen, e.g. of a server stopped with `keepData`
 * @property {string} [databaseUrl] PostgreSQL instead of an embedded database
 * @property {string} [redisUrl] the bus between nodes
 * @property {string} [name] the node's NODE_ID, as its logs and metrics name it
 * @property {Record<string, string>} [env] any other configuration (.env.example lists it)
 * @property {string[]} [nodeArgs] for node itself, e.g. `--cpu-prof`
 * @property {number} [startTimeoutMs]
 * @property {boolean} [echo] copy the server's output to this process's
 */

/**
 * @typedef {Omit<StartedProcess, 'stop'> & {
 *   port: number;
 *   dataDir: string;
 *   stop(options?: { keepData?: boolean; signal?: NodeJS.Signals }): Promise<{ code: number | null; ms: number }>;
 * }} ProductionServer `dataDir` is '' on PostgreSQL
 */

/**
 * `node server.js` on `127.0.0.1`. stop() sends SIGTERM (or `signal`), waits for the exit and
 * deletes the data directory unless `keepData`.
 * @param {ServerOptions} [options]
 * @returns {Promise<ProductionServer>}
 */
export async function startServer({ port = 0, dataDir, databaseUrl, redisUrl, name, env = {}, nodeArgs = [], startTimeoutMs, echo } = {}) {
	const embedded = !databaseUrl && !env.DATABASE_URL;
	const dir = dataDir ?? env.DATA_DIR ?? (embedded ? await freshDataDir() : '');
	const inherited = { ...process.env };
	for (const key of NOT_INHERITED) delete inherited[key];
	/** @type {NodeJS.ProcessEnv} */
	const childEnv = { ...inherited, PORT: String(port), HOST: '127.0.0.1', ...env };
	if (dir) childEnv.DATA_DIR = dir;
	if (databaseUrl) childEnv.DATABASE_URL = databaseUrl;
	if (redisUrl) childEnv.REDIS_URL = redisUrl;
	if (name) childEnv.NODE_ID = name;
	const server = await startListening([...nodeArgs, path.join(root, 'server.js')], { env: childEnv, startTimeoutMs, echo });
	return {
		...server,
		port: Number(new URL(server.url).port),
		dataDir: dir,
		async stop({ keepData = false, signal = 'SIGTERM' } = {}) {
			const stopped = await server.stop({ signal });
			if (dir && !keepData) rmSync(dir, { recursive: true, force: true });
			return stopped;
		}
	};
}

/**
 * A temporary data directory holding an empty, migrated embedded database. Creating one costs
 * seconds (PGlite's initdb, with a memory peak near 700 MB), so it is done once and copied:
 * the template lives in the temp folder under a key made of the migrations and the PGlite
 * version, so a template from another schema is never used.
 * @returns {Promise<string>}
 */
export async function freshDataDir() {
	const hash = createHash('sha256').update(JSON.parse(readFileSync(path.join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version);
	const migrations = path.join(root, 'drizzle');
	for (const file of readdirSync(migrations, { recursive: true, encoding: 'utf8' }).sort()) {
		const full = path.join(migrations, file);
		if (statSync(full).isFile()) hash.update(file).update(readFileSync(full));
	}
	const template = path.join(os.tmpdir(), `opentafel-template-${hash.digest('hex').slice(0, 16)}`);
	if (!existsSync(template)) {
		const dir = makeDataDir();
		const server = await startServer({ dataDir: dir });
		await server.stop({ keepData: true });
		try {
			renameSync(dir, template);
		} catch {
			// Another run made the template meanwhile; theirs is as good.
			rmSync(dir, { recursive: true, force: true });
		}
	}
	const dir = makeDataDir();
	cpSync(template, dir, { recursive: true });
	return dir;
}

function makeDataDir() {
	return mkdtempSync(path.join(os.tmpdir(), `${DATA_DIR_PREFIX}${process.pid}-`));
}

/**
 * Removes the data directories of earlier runs whose process no longer exists (one killed
 * hard never ran its stop()). Directories of processes still running are left alone: they
 * may be someone else's run on this machine.
 */
export function removeStaleDataDirs() {
	const tmp = os.tmpdir();
	for (const entry of readdirSync(tmp)) {
		const match = entry.startsWith(DATA_DIR_PREFIX) ? /^(\d+)-/.exec(entry.slice(DATA_DIR_PREFIX.length)) : null;
		if (!match || isAlive(Number(match[1]))) continue;
		rmSync(path.join(tmp, entry), { recursive: true, force: true });
	}
}

/** @param {number} pid */
function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
	}
}
