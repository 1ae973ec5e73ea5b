/**
 * The sync messages every connecting screen is sent, encoded once per version of the board.
 *
 * A hall reconnecting at once (the venue's Wi-Fi came back) asks for the same thing hundreds
 * of times within a second: the server's step 1 (its state vector) for every socket, and a
 * step 2 for each phone's state vector — which for phones that saw the same board, or for
 * new phones with an empty one, is the same few bytes. Encoding the board is the costliest
 * thing a connect does (it walks every struct of the doc), so each answer is kept until the
 * doc changes and shared by every phone that asks the same question.
 *
 * Invariant: an answer is only ever served from the doc as it is now. Any update of the doc,
 * whatever its origin, empties the cache before the next answer can be read, because Yjs
 * emits `update` synchronously at the end of the transaction that made the change.
 */
import type * as Y from 'yjs';
import { encodeSyncStep1, encodeSyncStep2 } from './frames';

/** Distinct step 2 answers kept per version of the board; phones mostly ask one or two. */
export const MAX_CACHED_ANSWERS = 8;
/** State vectors longer than this are answered but not kept (a key of attacker-chosen length). */
export const MAX_CACHED_STATE_VECTOR_BYTES = 128;

export class SyncAnswers {
	private stepOne: Uint8Array | null = null;
	private readonly stepTwo = new Map<string, Uint8Array>();

	constructor(private readonly doc: Y.Doc) {
		doc.on('update', this.forget);
	}

	step1(): Uint8Array {
		return (this.stepOne ??= encodeSyncStep1(this.doc));
	}

	step2(stateVector: Uint8Array): Uint8Array {
		if (stateVector.byteLength > MAX_CACHED_STATE_VECTOR_BYTES) return encodeSyncStep2(this.doc, stateVector);
		const key = String.fromCharCode(...stateVector);
		let answer = this.stepTwo.get(key);
		if (!answer) {
			answer = encodeSyncStep2(this.doc, stateVector);
			if (this.stepTwo.size >= MAX_CACHED_ANSWERS) this.stepTwo.clear();
			this.stepTwo.set(key, answer);
		}
		return answer;
	}

	destroy(): void {
		this.doc.off('update', this.forget);
		this.forget();
	}

	private forget = () => {
		this.stepOne = null;
		this.stepTwo.clear();
	};
}
