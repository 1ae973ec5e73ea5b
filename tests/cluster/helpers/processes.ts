/**
 * The engines of a cluster test, each with its own port and data: a private `redis-server`
 * that can be killed and started again, nodes (the production server, see
 * tests/helpers/production-server.mjs) and a TCP relay that can cut a node off from a
 * dependency. Everything is stopped by the returned handles; nothing touches shared state.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { startServer, type ProductionServer } from '../../helpers/production-server.mjs';

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

export type TestNode = ProductionServer & {
	name: string;
	/** The sum of a metric's samples on this node's /metrics. */
	metric(name: string): Promise<number>;
};

/** A production node on a fixed port (a free one unless given), sharing the cluster's database and Redis. */
export async function startNode(name: string, env: Record<string, string>, port?: number): Promise<TestNode> {
	const server = await startServer({ name, port: port ?? (await freePort()), env: { LOG_FORMAT: 'json', ...env } });
	return {
		...server,
		name,
		async metric(metric: string) {
			const headers: Record<string, string> = env.METRICS_TOKEN ? { authorization: `Bearer ${env.METRICS_TOKEN}` } : {};
			const text = await (await fetch(`${server.url}/metrics`, { headers })).text();
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
