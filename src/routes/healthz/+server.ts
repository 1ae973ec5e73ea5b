import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/**
 * Liveness: 200 while the process serves requests at all. Deliberately independent of the
 * database and Redis — a process manager restarting every node because PostgreSQL hiccuped
 * would turn a short outage into a long one. Whether a node should get traffic is /readyz.
 */
export const GET: RequestHandler = () => json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
