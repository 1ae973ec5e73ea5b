/**
 * The version of the wire contract between a browser and the server: the realtime socket
 * (message kinds, close codes, what the board doc holds) and the command endpoint (request
 * and response shapes). A page that was loaded before the server was upgraded keeps running
 * its old code — on a phone, often for hours — so every request says which version it
 * speaks, and a server that speaks another tells it to reload instead of misreading it.
 *
 * Bump it when a change would be misread by a page built before it; additive changes a
 * page can ignore (a new meta key, a new optional field) need no bump.
 *
 * Requests without a version are read as version 1, the contract before versions were sent:
 * stock y-websocket clients and command scripts keep working while it is current, and are
 * told to reload once it is not.
 */
export const PROTOCOL_VERSION = 1;

/** Query parameter of the realtime URL (`/realtime/<gathering>?v=1`). */
export const PROTOCOL_PARAM = 'v';

/** Request header of a command (`x-opentafel-protocol: 1`). */
export const PROTOCOL_HEADER = 'x-opentafel-protocol';

const UNVERSIONED = 1;

/** Whether a request that sent `declared` (null when it sent none) speaks this server's protocol. */
export function speaksCurrentProtocol(declared: string | null | undefined): boolean {
	if (declared === null || declared === undefined || declared === '') return UNVERSIONED === PROTOCOL_VERSION;
	return /^[0-9]{1,6}$/.test(declared) && Number(declared) === PROTOCOL_VERSION;
}
