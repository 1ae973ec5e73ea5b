/**
 * The live board and the outbox as a component uses them: created with the component,
 * started once it is in the browser (nothing connects during server rendering), and closed
 * with it. Call during component initialisation.
 */
import { onMount } from 'svelte';
import { BoardConnection, type BoardOptions } from './board.svelte';
import { Outbox } from './outbox.svelte';

export function useBoard(options: BoardOptions): BoardConnection {
	const connection = new BoardConnection(options);
	onMount(() => {
		connection.start();
		return () => connection.destroy();
	});
	return connection;
}

/** An outbox that also tries again whenever the board (re)connects: the network is evidently back. */
export function useOutbox(gatheringId: string, connection: BoardConnection): Outbox {
	const outbox = new Outbox(gatheringId);
	onMount(() => {
		outbox.start();
		const off = connection.onOnline(outbox.nudge);
		return () => {
			off();
			outbox.destroy();
		};
	});
	return outbox;
}
