/**
 * When two display names look the same. Uniqueness ignoring case (`displayNameKey`) does not
 * stop "Аlice" with a Cyrillic А, "Ali\u200Bce" with a zero-width space or "Wirn" for "Wim"
 * from joining next to "Alice" and "Wim" and being taken for them on the projector and in
 * the facilitator's lists. Unicode's answer is the confusable skeleton of UTS #39 §4:
 *
 *   skeleton(X) = NFD( prototypes of each character of NFD(X) without default-ignorables )
 *
 * with the prototypes from confusables.txt (package `unhomoglyph`, which ships that table).
 * Two strings are confusable when their skeletons are equal. A skeleton is only a key for
 * comparison, never shown: "m" becomes "rn", "0" becomes "O".
 *
 * Names are unique ignoring case too, and case folding and confusables do not commute
 * ("I" looks like "l" but folds to "i"; Cyrillic "В" looks like "B" but folds to "в", whose
 * prototype is a small capital). So a name has two look-alike keys, each unique per gathering:
 * - `shown`: the skeleton of the name as written, then folded: "Ian"/"lan", "ВОВ"/"BOB";
 * - `folded`: the skeleton of the case-folded name, then folded: "АLICE"/"alice".
 *
 * This module is server-only: the table is ~100 KB and the check needs the other names anyway.
 */
import unhomoglyph from 'unhomoglyph';
import { displayNameKey } from '$lib/validation/display-name';

const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

/** The UTS #39 skeleton of `value`. */
export function skeleton(value: string): string {
	return unhomoglyph(value.normalize('NFD').replace(DEFAULT_IGNORABLE, '')).normalize('NFD');
}

export type NameSkeletons = { shown: string; folded: string };

/** Both look-alike keys of a display name (already checked and tidied). */
export function nameSkeletons(name: string): NameSkeletons {
	return {
		shown: displayNameKey(skeleton(name)),
		folded: displayNameKey(skeleton(displayNameKey(name)))
	};
}

/** True when two names would be taken for each other. */
export function looksAlike(a: string, b: string): boolean {
	const x = nameSkeletons(a);
	const y = nameSkeletons(b);
	return x.shown === y.shown || x.folded === y.folded || displayNameKey(a) === displayNameKey(b);
}
