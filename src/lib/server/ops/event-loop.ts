/**
 * Event-loop delay as the operator sees it: a timer due every EVENT_LOOP_SAMPLE_MS records
 * how late it fired. A stall of two seconds (one client message that took that long) shows
 * as one observation of two seconds in the histogram and as the maximum since start.
 */
import type { Histogram } from './metrics';

export const EVENT_LOOP_SAMPLE_MS = 20;

export function watchEventLoop(histogram: Histogram, now: () => number = () => performance.now()): { maxSeconds: () => number; stop: () => void } {
	let max = 0;
	let due = now() + EVENT_LOOP_SAMPLE_MS;
	const timer = setInterval(() => {
		const t = now();
		const late = Math.max(0, t - due) / 1000;
		due = t + EVENT_LOOP_SAMPLE_MS;
		histogram.observe(late);
		if (late > max) max = late;
	}, EVENT_LOOP_SAMPLE_MS);
	timer.unref?.();
	return { maxSeconds: () => max, stop: () => clearInterval(timer) };
}
