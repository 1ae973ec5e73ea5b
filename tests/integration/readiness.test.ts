/**
 * The runtime's readiness as /readyz judges it: a node that serves is ready, a node told to
 * stop (server.js does so first thing on SIGTERM, before its listener closes) is not, so a
 * probe arriving over a connection a balancer kept open hears 503 during the drain.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getRuntime, type Runtime } from '../../src/lib/server/runtime';
import { judgeReadiness } from '../../src/lib/server/ops/readiness';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'opentafel-ready-'));
let runtime: Runtime | undefined;
afterAll(async () => {
	await runtime?.close();
	rmSync(dataDir, { recursive: true, force: true });
});

describe('readiness of a node', () => {
	it('is ready while it serves, and 503 stopping from the moment shutdown begins', async () => {
		runtime = await getRuntime({ DATA_DIR: dataDir });
		expect(await runtime.readiness()).toEqual({ database: true, bus: null, stopping: false });
		expect(judgeReadiness(await runtime.readiness()).httpStatus).toBe(200);
		runtime.markStopping();
		const checks = await runtime.readiness();
		expect(checks).toEqual({ database: true, bus: null, stopping: true });
		expect(judgeReadiness(checks)).toEqual({ httpStatus: 503, body: { status: 'unavailable', database: 'ok', stopping: true } });
	});
});
