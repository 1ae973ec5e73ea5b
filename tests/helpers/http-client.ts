/**
 * The production server (`node server.js`, the real build) on port 0 with its own temporary
 * embedded database, for integration tests. Stopped with SIGTERM, like a process manager would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type RunningServer = {
	url: string;
	dataDir: string;
	output: () => string;
	/** SIGTERM (or the given signal), then resolves with the exit code and how long the exit took. */
	stop(options?: { keepData?: boolean; signal?: NodeJS.Signals }): Promise<{ code: number | null; ms: number }>;
};

const START_TIMEOUT_MS = 60_000;

export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
	const dataDir = env.DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'opentafel-it-'));
	const inherited = { ...process.env };
	// The server under test uses its own embedded database and the origin it is reached at.
	delete inherited.ORIGIN;
	delete inherited.DATABASE_URL;
	const child: ChildProcess = spawn(process.execPath, ['server.js'], {
		cwd: path.resolve('.'),
		env: { ...inherited, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (chunk) => (output += chunk));
	child.stderr!.on('data', (chunk) => (output += chunk));
	const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), START_TIMEOUT_MS);
		const check = () => {
			const match = /listening on (http:\/\/\S+)/.exec(output);
			if (match) {
				clearTimeout(timer);
				resolve(match[1].replace('localhost', '127.0.0.1'));
			}
		};
		child.stdout!.on('data', check);
		exited.then((code) => reject(new Error(`server exited with ${code}:\n${output}`)));
	});

	return {
		url,
		dataDir,
		output: () => output,
		async stop({ keepData = false, signal = 'SIGTERM' } = {}) {
			const started = Date.now();
			if (child.exitCode === null) child.kill(signal);
			const code = await exited;
			if (!keepData) rmSync(dataDir, { recursive: true, force: true });
			return { code, ms: Date.now() - started };
		}
	};
}

/** A tiny browser: keeps cookies, sends form posts from the server's own origin. */
export class Client {
	readonly cookies = new Map<string, string>();
	constructor(
		private readonly base: string,
		private readonly headers: Record<string, string> = {}
	) {}

	async get(path: string): Promise<Response> {
		return this.request(path, { method: 'GET' });
	}

	async post(path: string, fields: Record<string, string>, origin = this.base): Promise<Response> {
		return this.request(path, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
			body: new URLSearchParams(fields).toString()
		});
	}

	private async request(path: string, init: RequestInit): Promise<Response> {
		const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
		const response = await fetch(this.base + path, {
			...init,
			redirect: 'manual',
			// As a browser navigating would; without it SvelteKit answers form posts with JSON.
			headers: { accept: 'text/html', ...this.headers, ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) }
		});
		for (const line of response.headers.getSetCookie()) {
			const [pair] = line.split(';');
			const [name, ...rest] = pair.split('=');
			const value = rest.join('=');
			if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name.trim());
			else this.cookies.set(name.trim(), value);
		}
		return response;
	}
}
