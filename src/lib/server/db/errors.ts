/** PostgreSQL's unique_violation, as raised by both PGlite and postgres.js (drizzle wraps it). */
export function isUniqueViolation(error: unknown): boolean {
	for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
		if (typeof e === 'object' && 'code' in e && (e as { code: unknown }).code === '23505') return true;
		e = typeof e === 'object' && 'cause' in e ? (e as { cause: unknown }).cause : null;
	}
	return false;
}
