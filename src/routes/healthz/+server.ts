import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** Longer than this and the database counts as not answering. */
const PING_TIMEOUT_MS = 2_000;

/** 200 only while the database answers: a load balancer can take the node out otherwise. */
export const GET: RequestHandler = async ({ locals }) => {
	let timer: ReturnType<typeof setTimeout> | undefined;
	try {
		await Promise.race([
			locals.runtime.database.ping(),
			new Promise((_, reject) => {
				timer = setTimeout(() => reject(new Error('database ping timed out')), PING_TIMEOUT_MS);
			})
		]);
		return json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
	} catch {
		return json({ status: 'unavailable' }, { status: 503, headers: { 'cache-control': 'no-store' } });
	} finally {
		clearTimeout(timer);
	}
};
