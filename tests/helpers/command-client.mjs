/**
 * Board commands over HTTP, as a phone's outbox sends them: `POST { id, type, args }` with the
 * session cookie. The id is what makes resending safe (the server applies each id once), so a
 * caller that retries passes the same id again.
 */
import { randomUUID } from 'node:crypto';

/**
 * @typedef {{ ok: boolean; error?: string; message?: string; topicId?: string }} CommandBody
 * @typedef {{ status: number; body: CommandBody; id: string }} CommandAnswer
 */

/**
 * Sends one command and resolves with the answer, whatever its status. A body that is not
 * JSON (a proxy's error page) is kept as the message.
 * @param {string} baseUrl
 * @param {string} gatheringId
 * @param {string} cookie
 * @param {string} type
 * @param {Record<string, unknown>} [args]
 * @param {string} [id]
 * @returns {Promise<CommandAnswer>}
 */
export async function sendCommand(baseUrl, gatheringId, cookie, type, args = {}, id = randomUUID()) {
	const response = await fetch(`${baseUrl}/api/gatherings/${gatheringId}/commands`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie },
		body: JSON.stringify({ id, type, args })
	});
	const text = await response.text();
	/** @type {CommandBody} */
	let body;
	try {
		body = JSON.parse(text);
	} catch {
		body = { ok: false, message: text };
	}
	return { status: response.status, body, id };
}

/**
 * sendCommand for callers that only go on once the command is applied: throws on any answer but 200.
 * @param {Parameters<typeof sendCommand>} command
 * @returns {Promise<CommandAnswer>}
 */
export async function sendAcknowledged(...command) {
	const answer = await sendCommand(...command);
	if (answer.status !== 200) throw new Error(`command ${command[3]}: ${answer.status} ${JSON.stringify(answer.body)}`);
	return answer;
}
