/**
 * How the realtime server ends a socket, shared by the server and the browser. 1xxx are the
 * WebSocket standard's; 4000–4999 are ours, each a decision a page acts on: 44xx are refusals
 * (the stock y-websocket client does not reconnect after them by itself), 4500 asks for a
 * fresh sync. The browser's reactions are in `client/board.svelte.ts`.
 */
export const CLOSE = {
	goingAway: { code: 1001, reason: 'server going away' },
	tooBig: { code: 1009, reason: 'message too big' },
	malformed: { code: 4400, reason: 'malformed or over-limit message' },
	unauthenticated: { code: 4401, reason: 'not signed in to this gathering' },
	forbidden: { code: 4403, reason: 'not allowed' },
	notFound: { code: 4404, reason: 'no such gathering' },
	readOnly: { code: 4409, reason: 'read-only connection: change the board with commands' },
	rightsChanged: { code: 4410, reason: 'your rights in this gathering changed, reconnect' },
	/** The page speaks another protocol version (version.ts): it must reload to get the current one. */
	protocolMismatch: { code: 4426, reason: 'another protocol version: reload the page' },
	tooMany: { code: 4429, reason: 'too many messages' },
	reload: { code: 4500, reason: 'board reloaded, please resync' }
} as const;

export type CloseName = keyof typeof CLOSE;
export type CloseCode = (typeof CLOSE)[CloseName]['code'];
