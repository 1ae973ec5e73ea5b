/**
 * What the voices screens derive from the live board and the clock: the queue, the live
 * turn, the balance over the chosen window and one suggestion. Recomputed every tick (the
 * metrics of a long evening take a few milliseconds; see `npm run bench:voices`).
 */
import { isMarkedPresent, isPresentNow } from '$lib/board/presence';
import { balanceOf, livePart, queueOf, type BalanceWindow } from '$lib/board/voices-read';
import { suggest } from '$lib/voices/suggest';
import type { BoardConnection } from './board.svelte';
import type { Clock } from './clock.svelte';

export class VoicesView {
	window = $state<BalanceWindow>('gathering');

	constructor(
		private readonly live: BoardConnection,
		private readonly clock: Clock
	) {}

	readonly data = $derived.by(() => this.live.voices);
	readonly now = $derived.by(() => this.clock.now);
	readonly queue = $derived.by(() => queueOf(this.data, this.now));
	readonly turn = $derived.by(() => livePart(this.data));
	readonly balance = $derived.by(() => balanceOf(this.data, this.now, this.window === 'topic' && !this.data.onTable ? 'gathering' : this.window));
	/** Over the whole gathering: who has been heard at all. */
	readonly overall = $derived.by(() => balanceOf(this.data, this.now, 'gathering'));
	readonly suggestion = $derived.by(() => suggest({ metrics: this.balance, queue: this.queue.queue, live: this.turn, now: this.now }));
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced whole on every change, never mutated
	readonly raised = $derived.by(() => new Set(this.data.hands.map((h) => h.participantId)));

	isPresent(participantId: string): boolean {
		return isPresentNow(this.data.presence[participantId], this.now);
	}

	isMarked(participantId: string): boolean {
		return isMarkedPresent(this.data.presence[participantId]);
	}

	/** Whether the person is heard over the whole gathering (a turn of 5 s or more). */
	isHeard(participantId: string): boolean {
		return this.overall.people.some((p) => p.id === participantId && p.heard);
	}
}
