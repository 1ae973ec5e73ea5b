/**
 * The server's time as this browser best knows it. Turns are stamped by the server; a
 * phone whose clock is a minute off would otherwise show a running timer a minute off and
 * order the queue's waiting term differently from the other screens. The offset is taken
 * once from the time the page was rendered (off by the page's load time at most).
 *
 * A page can also come from the offline cache, rendered long ago: its time says nothing
 * about the clock. Phones keep their clocks within seconds by themselves, so an offset
 * beyond MAX_OFFSET_MS is taken for a stale page and ignored.
 */
import { onMount } from 'svelte';

export const MAX_OFFSET_MS = 2 * 60_000;

export class Clock {
	now = $state(0);
	private readonly offset: number;

	constructor(serverNow: number) {
		const offset = serverNow - Date.now();
		this.offset = Math.abs(offset) > MAX_OFFSET_MS ? 0 : offset;
		this.now = Date.now() + this.offset;
	}

	tick = () => {
		this.now = Date.now() + this.offset;
	};
}

/** A clock that ticks every `everyMs` while the component is mounted. Call during initialisation. */
export function useClock(serverNow: number, everyMs = 1000): Clock {
	const clock = new Clock(serverNow);
	onMount(() => {
		clock.tick();
		const timer = setInterval(clock.tick, everyMs);
		return () => clearInterval(timer);
	});
	return clock;
}
