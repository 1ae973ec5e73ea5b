import { json } from '@sveltejs/kit';
import { judgeReadiness } from '$lib/server/ops/readiness';
import type { RequestHandler } from './$types';

/**
 * Readiness for a load balancer: 200 while the node can serve (`ready`, or `degraded` when
 * only the bus between nodes is away), 503 when it cannot; the body names what is down
 * (ops/readiness.ts). Each check has a short deadline (runtime.ts), so a hung dependency
 * yields an answer, not a hung probe.
 */
export const GET: RequestHandler = async ({ locals }) => {
	const { httpStatus, body } = judgeReadiness(await locals.runtime.readiness());
	return json(body, { status: httpStatus, headers: { 'cache-control': 'no-store' } });
};
