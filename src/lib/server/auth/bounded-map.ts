/**
 * Per-address and per-account state kept in this process must not grow with what an attacker
 * sends: a Map whose insertion order is "least recently written first" is trimmed to its
 * bound from the old end. Every limiter, throttle and pacer here keeps its keys this way.
 */

/** How many keys a limiter keeps unless told otherwise. */
export const DEFAULT_MAX_KEYS = 50_000;

/** Writes `value` as the most recent entry, then forgets the oldest entries beyond `maxKeys`. */
export function setRecent<K, V>(map: Map<K, V>, key: K, value: V, maxKeys: number): void {
	map.delete(key);
	map.set(key, value);
	while (map.size > maxKeys) {
		const oldest = map.keys().next();
		if (oldest.done) break;
		map.delete(oldest.value);
	}
}
