/**
 * A board connection that has gone quiet belongs to a server that hangs (a node stuck, a
 * proxy holding a dead upstream): the socket stays open and the phone would keep showing
 * "connected" on a board that no longer moves. y-websocket gives up only after 30 s of
 * silence. The server speaks at least every 4 s (HEARTBEAT_MS in server/realtime/server.ts),
 * so a longer silence is treated as a hang: the connection is dropped and opened again at
 * once, which the proxy sends to a node that answers.
 */
export const SILENCE_MS = 13_000;

/** The parts of a WebsocketProvider this needs (its public fields and methods). */
export type WatchedProvider = {
	wsconnected: boolean;
	/** When the last message arrived, in ms since the epoch (y-websocket keeps it). */
	wsLastMessageReceived: number;
	disconnect(): void;
	connect(): void;
};

/** Starts watching; returns the function that stops it. */
export function reconnectWhenSilent(provider: WatchedProvider, now: () => number = Date.now, silenceMs = SILENCE_MS): () => void {
	const timer = setInterval(() => {
		if (provider.wsconnected && now() - provider.wsLastMessageReceived > silenceMs) {
			provider.disconnect();
			provider.connect();
		}
	}, silenceMs / 4);
	return () => clearInterval(timer);
}
