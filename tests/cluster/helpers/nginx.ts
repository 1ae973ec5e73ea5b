/**
 * nginx as the cluster tests run it: the committed deploy/nginx.conf, with only its upstream
 * servers and listen line replaced, inside a minimal main configuration that keeps pid,
 * logs and temporary files in a folder of its own, in the foreground (daemon off).
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, until } from './processes';

export const NGINX_TEMPLATE = path.resolve('deploy/nginx.conf');

/** The deployment file with the test's ports; throws if the file no longer has the lines to replace. */
export function nginxSite(upstreamPorts: number[], listenPort: number): string {
	const template = readFileSync(NGINX_TEMPLATE, 'utf8');
	const serverLine = /^(\s*)server 127\.0\.0\.1:\d+( [^;\n]*)?;\n/gm;
	const lines = [...template.matchAll(serverLine)];
	if (!lines.length || !/^\s*listen 80;$/m.test(template)) throw new Error('deploy/nginx.conf changed shape: update tests/cluster/helpers/nginx.ts');
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

export type TestNginx = { url: string; port: number; errorLog(): string; stop(): Promise<void> };

export async function startNginx(upstreamPorts: number[], listenPort?: number): Promise<TestNginx> {
	const port = listenPort ?? (await freePort());
	const url = `http://127.0.0.1:${port}`;
	const nginx = await runNginx(nginxSite(upstreamPorts, port), async () => (await fetch(`${url}/healthz`)).ok, `nginx on ${port}`);
	return { url, port, ...nginx };
}

export type RunningNginx = { errorLog(): string; stop(): Promise<void> };

/** Runs `site` (the server blocks of a deployment file) until stopped; resolves once `ready` holds. */
export async function runNginx(site: string, ready: () => Promise<boolean>, what: string): Promise<RunningNginx> {
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
	child.stderr!.on('data', (c) => (output += c));
	const exited = new Promise((r) => child.once('exit', r));
	await until(async () => {
		if (child.exitCode !== null) throw new Error(output);
		return ready();
	}, what, 20_000).catch((error) => {
		throw new Error(`nginx did not start: ${error.message}\n${output}`);
	});
	return {
		errorLog: () => readFileSync(path.join(prefix, 'error.log'), 'utf8'),
		stop: async () => {
			if (child.exitCode === null) child.kill('SIGQUIT');
			await exited;
			rmSync(prefix, { recursive: true, force: true });
		}
	};
}
