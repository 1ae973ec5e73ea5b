import { error } from '@sveltejs/kit';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from './$types';

/**
 * Prometheus scrape endpoint. With METRICS_TOKEN set, only `Authorization: Bearer <token>`
 * gets an answer; the comparison runs over hashes of equal length, in constant time. The
 * figures carry no names or ids of people or gatherings.
 */
export const GET: RequestHandler = ({ locals, request }) => {
	const token = locals.runtime.config.cluster.metricsToken;
	if (token) {
		const given = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1] ?? '';
		const digest = (value: string) => createHash('sha256').update(value).digest();
		if (!timingSafeEqual(digest(given), digest(token))) error(401, 'metrics need a token');
	}
	return new Response(locals.runtime.metrics.render(), {
		headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' }
	});
};
