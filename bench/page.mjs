#!/usr/bin/env node
/**
 * `npm run bench:page`: what the three screens cost a phone. The production build is served
 * on a temporary database with a gathering, its facilitator and one participant who joined.
 * Each page is loaded by Lighthouse (mobile emulation, default simulated throttling,
 * performance only) in the system Chromium, with the person's session cookie:
 *   - phone: /j/CODE after joining (the live board),
 *   - projector: /g/ID/projector,
 *   - console: /g/ID (the facilitator's console).
 * JavaScript and CSS: every script and stylesheet the page loaded before Lighthouse saw the
 * network go quiet (so lazily imported chunks count too), fetched again with
 * `accept-encoding: gzip` and counted as sent. Lighthouse's own transfer sizes (Chromium asks
 * for brotli) are printed beside them.
 * Scores are the median of --runs Lighthouse runs (by performance score); weights come from
 * the last run.
 * Options: --pages phone,projector,console --chromium /usr/bin/chromium --runs 3
 *          --scripts (lists each script's evaluation time, as comment lines starting with #)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lighthouse from 'lighthouse';
import WebSocket from 'ws';
import { figure, joinMany, openGathering, option, printMachine, request, signUpHost, startServer } from './harness.mjs';

const PAGES = option('pages', 'phone,projector,console').split(',');
const CHROMIUM = option('chromium', '/usr/bin/chromium');
const RUNS = option('runs', 3);
const CHROMIUM_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--remote-debugging-port=0'];

/** Chromium with a throwaway profile; resolves once its DevTools port is known. */
async function launchChromium() {
	const profile = mkdtempSync(path.join(os.tmpdir(), 'opentafel-chromium-'));
	const child = spawn(CHROMIUM, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'] });
	const port = await new Promise((resolve, reject) => {
		let err = '';
		child.stderr.on('data', (chunk) => {
			err += chunk;
			const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(err);
			if (match) resolve(Number(match[1]));
		});
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`Chromium exited with ${code}: ${err}`)));
	});
	return {
		port,
		/**
		 * Puts exactly these cookies in the browser's jar. (A `cookie` header given to Lighthouse
		 * is replaced by the jar's as soon as a page has set any cookie of its own.)
		 */
		async setCookies(url, header) {
			const { webSocketDebuggerUrl } = await (await fetch(`http://127.0.0.1:${port}/json/version`)).json();
			const socket = new WebSocket(webSocketDebuggerUrl);
			await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
			const call = (id, method, params) =>
				new Promise((resolve) => {
					socket.on('message', (data) => JSON.parse(data).id === id && resolve());
					socket.send(JSON.stringify({ id, method, params }));
				});
			await call(1, 'Storage.clearCookies', {});
			const cookies = header.split('; ').map((pair) => {
				const at = pair.indexOf('=');
				return { name: pair.slice(0, at), value: pair.slice(at + 1), url };
			});
			await call(2, 'Storage.setCookies', { cookies });
			socket.close();
		},
		async close() {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
			rmSync(profile, { recursive: true, force: true });
		}
	};
}

/** Bytes on the wire for `url` when the client accepts gzip only. */
async function gzipBytes(url, cookie) {
	const response = await request(url, url, { headers: { 'accept-encoding': 'gzip', cookie } });
	return response.body.length;
}

/**
 * One Lighthouse run. Its trace recording now and then fails on a busy machine (NO_NAVSTART,
 * NO_FCP); such a run is repeated, up to three attempts.
 */
async function lighthouseRun(name, url, chromium) {
	for (let attempt = 1; ; attempt++) {
		const { lhr } = await lighthouse(url, {
			port: chromium.port,
			output: 'json',
			logLevel: 'error',
			onlyCategories: ['performance']
		});
		// A lost session would measure the sign-in page instead.
		if (lhr.finalDisplayedUrl !== url) throw new Error(`${name}: ${url} ended at ${lhr.finalDisplayedUrl}`);
		if (!lhr.runtimeError) return lhr;
		if (attempt === 3) throw new Error(`${name}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
	}
}

async function measure(name, url, cookie, chromium) {
	await chromium.setCookies(url, cookie);
	const runs = [];
	for (let run = 0; run < RUNS; run++) runs.push(await lighthouseRun(name, url, chromium));
	const requests = runs.at(-1).audits['network-requests'].details.items;
	// The median run by performance score stands for the page.
	const median = [...runs].sort((a, b) => a.categories.performance.score - b.categories.performance.score)[Math.floor(runs.length / 2)];
	const of = (type) => requests.filter((r) => r.resourceType === type && r.url.startsWith(new URL(url).origin));
	for (const [label, type] of [
		['js', 'Script'],
		['css', 'Stylesheet']
	]) {
		const items = of(type);
		let gzip = 0;
		for (const item of items) gzip += await gzipBytes(item.url, cookie);
		figure(`page.${name}.${label}-files`, items.length, 'files');
		figure(`page.${name}.${label}-gzip`, gzip / 1024, 'KB');
		figure(`page.${name}.${label}-transferred-chromium`, items.reduce((sum, r) => sum + r.transferSize, 0) / 1024, 'KB');
		figure(`page.${name}.${label}-uncompressed`, items.reduce((sum, r) => sum + r.resourceSize, 0) / 1024, 'KB');
	}
	figure(`page.${name}.lighthouse-performance`, Math.round(median.categories.performance.score * 100), 'score');
	figure(`page.${name}.lcp`, median.audits['largest-contentful-paint'].numericValue, 'ms');
	figure(`page.${name}.tbt`, median.audits['total-blocking-time'].numericValue, 'ms');
	figure(`page.${name}.fcp`, median.audits['first-contentful-paint'].numericValue, 'ms');
	figure(`page.${name}.cls`, median.audits['cumulative-layout-shift'].numericValue, '');
	// Where TBT comes from: script evaluation and all main-thread work, as Lighthouse observed it
	// (unthrottled; its simulation multiplies CPU time by 4).
	figure(`page.${name}.script-bootup`, median.audits['bootup-time'].numericValue, 'ms');
	figure(`page.${name}.main-thread-work`, median.audits['mainthread-work-breakdown'].numericValue, 'ms');
	if (process.argv.includes('--scripts')) {
		for (const item of median.audits['bootup-time'].details.items) console.log(`# ${name} ${item.url} total ${Math.round(item.total)} ms, scripting ${Math.round(item.scripting)} ms`);
	}
}

printMachine();
figure('page.lighthouse-version', (await import('lighthouse/package.json', { with: { type: 'json' } })).default.version, '');
const server = await startServer();
const chromium = await launchChromium();
try {
	const host = await signUpHost(server.url);
	const gathering = await openGathering(host, 'Page weight');
	const [phoneCookie] = await joinMany(server.url, gathering.code, 1);
	const pages = {
		phone: [`${server.url}/j/${gathering.code}`, phoneCookie],
		projector: [`${server.url}/g/${gathering.id}/projector`, host.cookie()],
		console: [`${server.url}/g/${gathering.id}`, host.cookie()]
	};
	for (const name of PAGES) await measure(name, ...pages[name], chromium);
} finally {
	await chromium.close();
	await server.stop();
}
