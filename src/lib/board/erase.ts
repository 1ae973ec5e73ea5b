/**
 * Erasure of people from a board. Topics keep their text and past turns stay as counts
 * under an id that no longer leads to a name; everything that names a person, or follows
 * them live (hand, frozen place, name on the projector, open presence), goes.
 *
 * Each function records the erasure (`recordErasure`) in the same transaction that empties
 * the names: every copy of the board that holds the entry also holds the erasure, which is how
 * a device knows its stored copy must be rebuilt (src/lib/client/board-cache.ts). Call them
 * inside one transaction.
 */
import { recordErasure, type Board } from './doc';
import { setFrozen, unfreeze } from './meta';
import { closePresence } from './presence';
import { hidePublicName } from './public-names';

/** Takes one removed person off the live parts of the board and empties their name on topics. */
export function forgetParticipant(b: Board, participantId: string, now: number): void {
	b.hands.delete(participantId);
	hidePublicName(b, participantId);
	unfreeze(b, participantId);
	closePresence(b, participantId, 'connected', now);
	closePresence(b, participantId, 'marked', now);
	scrubNames(b, (id) => id === participantId);
	recordErasure(b, now);
}

/** Erasure of a whole gathering: no name stays on its board; hands and named screens go. */
export function forgetEveryone(b: Board, now: number): void {
	b.hands.clear();
	b.publicNames.clear();
	setFrozen(b, []);
	scrubNames(b, () => true);
	recordErasure(b, now);
}

/** Topics keep their text; the names of the authors matched by `whose` are emptied (shown as "someone who left"). */
export function scrubNames(b: Board, whose: (participantId: string) => boolean): void {
	for (const topic of [...b.topics.values()]) {
		const named = whose(topic.authorId) && topic.authorName !== '';
		const coAuthors = topic.coAuthors.map((a) => (whose(a.id) ? { ...a, name: '' } : a));
		if (named || coAuthors.some((a, i) => a.name !== topic.coAuthors[i].name)) {
			b.topics.set(topic.id, { ...topic, authorName: whose(topic.authorId) ? '' : topic.authorName, coAuthors });
		}
	}
}
