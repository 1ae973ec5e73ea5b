/**
 * Counters on the board: values that only count up, so a screen that sees one move knows
 * something it fetches elsewhere changed (the after-session's data never goes on the board).
 */
import type { Board } from './doc';
import { getCounter, setCounter, type CounterKey } from './meta';

export { COUNTER_KEYS, type CounterKey } from './meta';

export function bumpCounter(b: Board, key: CounterKey): void {
	setCounter(b, key, getCounter(b, key) + 1);
}
