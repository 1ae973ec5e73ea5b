/**
 * nginx as the cluster tests and benchmarks run it: the committed deploy/nginx.conf, with only
 * its upstream servers and listen line replaced, inside a minimal main configuration that
 * keeps pid, logs and temporary files in a folder of its own, in the foreground (daemon off).
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { root } from './production-server.mjs';

export const NGINX_TEMPLATE = path.join(root, 'deploy/nginx.conf');

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = /** @type {net.AddressInfo} */ (server.address());
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});
}

/**
 * The deployment file with the given ports; throws if the file no longer has the lines to replace.
 * @param {number[]} upstreamPorts
 * @param {number} listenPort
 */
export function nginxSite(upstreamPorts, listenPort) {
	const template = readFileSync(NGINX_TEMPLATE, 'utf8');
	const serverLine = /^(\s*)server 127\.0\.0\.1:\d+( [^;\n]*)?;\n/gm;
	const lines = [...template.matchAll(serverLine)];
	if (!lines.length || !/^\s*listen 80;$/m.test(template)) throw new Error('deploy/nginx.conf changed shape: update tests/helpers/nginx.mjs');
	const [indent, options] = [lines[0][1], lines[0][2] ?? ''];
	const servers = upstreamPorts.map((p) => `${indent}server 127.0.0.1:${p}${options};\n`).join('');
	let first = true;
	return template
		.replace(serverLine, () => {
			const out = first ? servers : '';
			first = false;
			return out;
		})
		.replace(/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${listenPort};`);
}

/** @typedef {{ url: string; port: number; errorLog(): string; stop(): Promise<void> }} TestNginx */
/** @typedef {{ errorLog(): string; stop(): Promise<void> }} RunningNginx */

/**
 * nginx with deploy/nginx.conf in front of `upstreamPorts`, listening on `listenPort`.
 * @param {number[]} upstreamPorts
 * @param {number} [listenPort]
 * @returns {Promise<TestNginx>}
 */
export async function startNginx(upstreamPorts, listenPort) {
	const port = listenPort ?? (await freePort());
	const url = `http://127.0.0.1:${port}`;
	const nginx = await runNginx(nginxSite(upstreamPorts, port), async () => (await fetch(`${url}/healthz`)).ok, `nginx on ${port}`);
	return { url, port, ...nginx };
}

/**
 * Runs `site` (the server blocks of a deployment file) until stopped; resolves once `ready` holds.
 * @param {string} site
 * @param {() => Promise<boolean>} ready
 * @param {string} what
 * @returns {Promise<RunningNginx>}
 */
export async function runNginx(site, ready, what) {
	const prefix = mkdtempSync(path.join(os.tmpdir(), 'opentafel-nginx-'));
	mkdirSync(path.join(prefix, 'tmp'));
	writeFileSync(path.join(prefix, 'opentafel.conf'), site);
	const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${path.join(prefix, 'tmp', t)};`).join('\n    ');
	writeFileSync(
		path.join(prefix, 'nginx.conf'),
		`worker_processes 1;
pid ${path.join(prefix, 'nginx.pid')};
error_log ${path.join(prefix, 'error.log')} warn;
events { worker_connections 8192; }
http {
    access_log off;
    ${temp}
    include ${path.join(prefix, 'opentafel.conf')};
}
`
	);
	// Started as root, nginx hands its workers to an unprivileged user: they need to reach the
	// configuration and write their temporary files.
	chmodSync(prefix, 0o755);
	chmodSync(path.join(prefix, 'tmp'), 0o777);
	const child = spawn('nginx', ['-p', prefix, '-c', path.join(prefix, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stderr.on('data', (c) => (output += c));
	const exited = new Promise((r) => child.once('exit', r));
	const started = Date.now();
	for (;;) {
		if (child.exitCode !== null) throw new Error(`nginx did not start: ${output}`);
		if (await ready().catch(() => false)) break;
		if (Date.now() - started > 20_000) {
			child.kill('SIGKILL');
			throw new Error(`nginx did not start (${what}): ${output}`);
		}
		await new Promise((r) => setTimeout(r, 50));
	}
	return {
		errorLog: () => readFileSync(path.join(prefix, 'error.log'), 'utf8'),
		stop: async () => {
			if (child.exitCode === null) child.kill('SIGQUIT');
			await exited;
			rmSync(prefix, { recursive: true, force: true });
		}
	};
}
