/**
 * Names on the projector. A person's first name is on the board only while they agree to it:
 * consent is the presence of their entry in `publicNames`, so taking it back removes the name.
 */
import type { Board } from './doc';

/** The first word of a display name: what the projector shows, with consent. */
export function firstName(name: string): string {
	return name.trim().split(/\s+/u)[0] ?? '';
}

export function showPublicName(b: Board, participantId: string, name: string): void {
	b.publicNames.set(participantId, firstName(name));
}

export function hidePublicName(b: Board, participantId: string): void {
	b.publicNames.delete(participantId);
}

/** A renamed person is shown by the new name, only if they agreed to be shown at all. */
export function renamePublic(b: Board, participantId: string, name: string): void {
	if (b.publicNames.has(participantId)) showPublicName(b, participantId, name);
}
