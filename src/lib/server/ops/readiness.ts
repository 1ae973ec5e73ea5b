/**
 * What `/readyz` tells a load balancer: send this node traffic, or do not.
 *
 * The line is drawn at "can this node serve its own phones and commands?", not at "is every
 * dependency well". Three states:
 *
 * - `ready` (200): the database answers and, with several nodes, Redis does too.
 * - `degraded` (200): the database answers but the bus (Redis) does not. The node still
 *   commits every command to the database and serves its own phones; what lags is the
 *   fan-out to phones on other nodes, which the periodic comparison with the log repairs
 *   within seconds. Redis is shared, so when it goes every node is degraded at the same
 *   moment: answering 503 here would have a balancer take the whole cluster out for an
 *   outage the cluster survives.
 * - `unavailable` (503): the node cannot serve — the database does not answer (no command
 *   could be made durable, no page loaded), or the node is shutting down.
 *
 * A node that is still opening its database and applying migrations does not listen yet
 * (server.js listens once the runtime exists), so a probe then fails to connect, which every
 * balancer counts as not ready.
 */

export type ReadinessChecks = {
	database: boolean;
	/** null: a single node, no bus. */
	bus: boolean | null;
	/** The node received SIGTERM/SIGINT and is draining. */
	stopping: boolean;
};

export const READINESS_STATUS = { ready: 'ready', degraded: 'degraded', unavailable: 'unavailable' } as const;
export type ReadinessStatus = (typeof READINESS_STATUS)[keyof typeof READINESS_STATUS];

export type ReadinessReport = {
	httpStatus: 200 | 503;
	body: { status: ReadinessStatus; database: 'ok' | 'down'; bus?: 'ok' | 'down'; stopping?: true };
};

export function judgeReadiness(checks: ReadinessChecks): ReadinessReport {
	const serves = checks.database && !checks.stopping;
	const status: ReadinessStatus = !serves ? 'unavailable' : checks.bus === false ? 'degraded' : 'ready';
	return {
		httpStatus: serves ? 200 : 503,
		body: {
			status,
			database: checks.database ? 'ok' : 'down',
			...(checks.bus === null ? {} : { bus: checks.bus ? 'ok' : 'down' }),
			...(checks.stopping ? { stopping: true } : {})
		}
	};
}
