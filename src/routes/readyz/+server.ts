import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/**
 * Readiness for a load balancer: 200 while the database answers and, when several nodes
 * share Redis, Redis answers too; 503 otherwise, with which one is missing. Each check has a
 * short deadline (runtime.ts), so a hung dependency yields 503, not a hung probe.
 */
export const GET: RequestHandler = async ({ locals }) => {
	const checks = await locals.runtime.readiness();
	const ready = checks.database && checks.redis !== false;
	const body = { status: ready ? 'ready' : 'unavailable', database: checks.database ? 'ok' : 'down', ...(checks.redis === null ? {} : { redis: checks.redis ? 'ok' : 'down' }) };
	return json(body, { status: ready ? 200 : 503, headers: { 'cache-control': 'no-store' } });
};
