/**
 * The engines of a cluster test, each with its own port and data: a PostgreSQL database with
 * a random name on the machine's server, a private `redis-server` that can be killed and
 * started again, nodes (`node server.js`) and a TCP relay that can cut a node off from a
 * dependency. Everything is stopped by the returned handles; nothing touches shared state.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import postgres from 'postgres';

export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const START_TIMEOUT_MS = 60_000;

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

/** Resolves once `check` holds, polling; rejects with `what` after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 30_000, everyMs = 50): Promise<void> {
	const started = Date.now();
	for (;;) {
		try {
			if (await check()) return;
		} catch {
			// not yet
		}
		if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, everyMs));
	}
}

export type TestDatabase = { url: string; sql: postgres.Sql; drop(): Promise<void> };

export async function createDatabase(): Promise<TestDatabase> {
	const name = `ot_cluster_${randomBytes(6).toString('hex')}`;
	const admin = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	const url = new URL(ADMIN_DATABASE_URL);
	url.pathname = `/${name}`;
	const sql = postgres(url.toString(), { max: 2, onnotice: () => {} });
	return {
		url: url.toString(),
		sql,
		drop: async () => {
			await sql.end({ timeout: 5 });
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	};
}

function collect(child: ChildProcess): () => string {
	let output = '';
	child.stdout?.on('data', (chunk) => (output += chunk));
	child.stderr?.on('data', (chunk) => (output += chunk));
	return () => output;
}

export type TestRedis = { url: string; port: number; stop(): Promise<void>; start(): Promise<void> };

/** A private redis-server (no persistence): stop() kills it, start() brings it back on the same port, empty. */
export async function startRedis(): Promise<TestRedis> {
	const port = await freePort();
	let child: ChildProcess | null = null;
	const start = async () => {
		child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
		const output = collect(child);
		await until(() => output().includes('Ready to accept connections'), `redis-server on ${port}`, 10_000);
	};
	const stop = async () => {
		const running = child;
		child = null;
		if (!running || running.exitCode !== null) return;
		const exited = new Promise((r) => running.once('exit', r));
		running.kill('SIGKILL');
		await exited;
	};
	await start();
	return { url: `redis://127.0.0.1:${port}`, port, stop, start };
}

export type TestNode = {
	name: string;
	port: number;
	url: string;
	output: () => string;
	exited: Promise<number | null>;
	stop(signal?: NodeJS.Signals): Promise<number | null>;
	/** SIGSTOP / SIGCONT: a node that hangs with its sockets open, and comes back. */
	pause(): void;
	resume(): void;
	metric(name: string): Promise<number>;
};

/** A production node on a fixed port, sharing the cluster's database and Redis. */
export async function startNode(name: string, env: Record<string, string>, port?: number): Promise<TestNode> {
	const chosen = port ?? (await freePort());
	const inherited = { ...process.env };
	for (const key of ['DATABASE_URL', 'REDIS_URL', 'ORIGIN', 'METRICS_TOKEN', 'DATA_DIR']) delete inherited[key];
	const child = spawn(process.execPath, ['server.js'], {
		cwd: path.resolve('.'),
		env: { ...inherited, PORT: String(chosen), HOST: '127.0.0.1', NODE_ID: name, LOG_FORMAT: 'json', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const output = collect(child);
	const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
	const url = `http://127.0.0.1:${chosen}`;
	let dead = false;
	void exited.then(() => (dead = true));
	await until(async () => {
		if (dead) throw new Error(`node ${name} exited:\n${output()}`);
		return (await fetch(`${url}/healthz`)).ok;
	}, `node ${name} to listen`, START_TIMEOUT_MS).catch((error) => {
		throw new Error(`${error.message}\n${output()}`);
	});
	return {
		name,
		port: chosen,
		url,
		output,
		exited,
		async stop(signal = 'SIGTERM') {
			if (child.exitCode === null && child.signalCode === null) child.kill(signal);
			return exited;
		},
		pause: () => void child.kill('SIGSTOP'),
		resume: () => void child.kill('SIGCONT'),
		async metric(metric: string) {
			const headers: Record<string, string> = env.METRICS_TOKEN ? { authorization: `Bearer ${env.METRICS_TOKEN}` } : {};
			const text = await (await fetch(`${url}/metrics`, { headers })).text();
			let sum = 0;
			for (const line of text.split('\n')) if (line.startsWith(metric + ' ') || line.startsWith(metric + '{')) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
			return sum;
		}
	};
}

/**
 * A TCP relay in front of a dependency: `cut()` drops every connection and refuses new ones
 * (the dependency looks unreachable to the node), `restore()` accepts again on the same port.
 */
export async function startRelay(targetPort: number): Promise<{ port: number; cut(): Promise<void>; restore(): Promise<void>; close(): Promise<void> }> {
	const port = await freePort();
	const sockets = new Set<net.Socket>();
	let server: net.Server | null = null;
	const listen = () =>
		new Promise<void>((resolve, reject) => {
			server = net.createServer((client) => {
				const upstream = net.connect(targetPort, '127.0.0.1');
				for (const s of [client, upstream]) {
					sockets.add(s);
					s.on('error', () => {});
					s.on('close', () => {
						sockets.delete(s);
						client.destroy();
						upstream.destroy();
					});
				}
				client.pipe(upstream).pipe(client);
			});
			server.once('error', reject);
			server.listen(port, '127.0.0.1', () => resolve());
		});
	const cut = async () => {
		const s = server as net.Server | null;
		server = null;
		for (const socket of sockets) socket.destroy();
		if (s) await new Promise((r) => s.close(r));
	};
	await listen();
	return { port, cut, restore: listen, close: cut };
}
