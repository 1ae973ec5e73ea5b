/**
 * The command endpoint's contract, shared by the server's route and the browser's outbox.
 *
 * `POST /api/gatherings/<id>/commands` with `content-type: application/json`, the protocol
 * header (version.ts) and a body `{ id, type, args }` (board/commands.ts holds the schemas).
 * The answer is 200 `{ ok: true, … }` once the change is durable, or a refusal
 * `{ ok: false, error, message }` with the status board/errors.ts gives its code and the
 * message translated for the sender. A refusal is final for that command — sending it again
 * gets the same answer — except `protocol_mismatch`, which refuses the page, not the command:
 * the page reloads and the command is sent again by the new page.
 */
import type { CommandEnvelope } from '../board/commands';
import type { CommandError } from '../board/errors';

export type CommandRequest = CommandEnvelope;

export type CommandAccepted = { ok: true; topicId?: string; participantId?: string };
export type CommandRefused = { ok: false; error: CommandError; message: string };
export type CommandResponse = CommandAccepted | CommandRefused;

export const commandsPath = (gatheringId: string) => `/api/gatherings/${encodeURIComponent(gatheringId)}/commands`;

/**
 * Reads a response body as the contract says, or null when it is not ours (a captive portal's
 * page, a proxy's error): the caller then treats the request as not answered.
 */
export function readCommandResponse(body: unknown): CommandResponse | null {
	if (typeof body !== 'object' || body === null) return null;
	const b = body as Record<string, unknown>;
	const optionalString = (value: unknown) => value === undefined || typeof value === 'string';
	if (b.ok === true && optionalString(b.topicId) && optionalString(b.participantId)) {
		return { ok: true, topicId: b.topicId as string | undefined, participantId: b.participantId as string | undefined };
	}
	if (b.ok === false && typeof b.error === 'string' && typeof b.message === 'string') {
		return { ok: false, error: b.error as CommandError, message: b.message };
	}
	return null;
}
