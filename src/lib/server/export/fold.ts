/**
 * Content lines as vCard (RFC 6350 §3.2, §3.4) and iCalendar (RFC 5545 §3.1, §3.3.11) share
 * them: TEXT values with `\`, `;`, `,` and line breaks escaped, and lines folded so that no
 * physical line is longer than 75 octets of UTF-8. A folded line continues on the next one
 * after CRLF and a single space; unfolding removes exactly those three characters, so the
 * fold may fall anywhere between two code points without changing the value.
 */

export const MAX_LINE_OCTETS = 75;

/** A continuation line starts with this, and it counts toward the line's length. */
const CONTINUATION = ' ';

/** The widest UTF-8 encoding of one code point; a limit below this + the space cannot progress. */
const MAX_CODE_POINT_OCTETS = 4;

const CRLF = '\r\n';

function utf8Octets(codePoint: number): number {
	if (codePoint < 0x80) return 1;
	if (codePoint < 0x800) return 2;
	// A lone surrogate is encoded as U+FFFD (3 octets) by every UTF-8 encoder, so it counts as 3.
	if (codePoint < 0x10000) return 3;
	return 4;
}

/**
 * Folds one unfolded content line. Iterating with `for…of` walks code points, never UTF-16
 * units, so a surrogate pair (an emoji) is never cut in half and a multi-octet character
 * never straddles two lines. Grapheme clusters (a ZWJ family emoji) may be split between
 * their code points: unfolding joins them again, which is all the RFCs ask.
 */
export function foldLine(line: string, limit = MAX_LINE_OCTETS): string {
	if (!Number.isInteger(limit) || limit < CONTINUATION.length + MAX_CODE_POINT_OCTETS) {
		throw new RangeError(`fold limit must be an integer of at least ${CONTINUATION.length + MAX_CODE_POINT_OCTETS} octets, got ${limit}`);
	}
	const parts: string[] = [];
	let current = '';
	let octets = 0;
	for (const char of line) {
		const size = utf8Octets(char.codePointAt(0)!);
		if (octets + size > limit) {
			parts.push(current);
			current = CONTINUATION;
			octets = CONTINUATION.length;
		}
		current += char;
		octets += size;
	}
	parts.push(current);
	return parts.join(CRLF);
}

/** Undoes {@link foldLine} (and any other producer's folding, which may use a tab instead of a space). */
export function unfoldLines(text: string): string {
	return text.replace(/\r\n[ \t]/g, '');
}

/** Folds every line and ends each, the last included, with CRLF, as both formats require. */
export function contentLines(lines: string[]): string {
	return lines.map((line) => foldLine(line) + CRLF).join('');
}

/**
 * Escapes a TEXT value. Every line break (CRLF, CR or LF) becomes the two characters `\n`:
 * a raw CR or LF in a value would end the content line, and what followed could be read as
 * a property of its own (a second ATTENDEE, an URL). Other control characters are not
 * allowed in TEXT by either RFC and are dropped; a tab is allowed and kept.
 */
export function escapeText(value: string): string {
	return (
		value
			.replace(/\\/g, '\\\\')
			.replace(/;/g, '\\;')
			.replace(/,/g, '\\,')
			.replace(/\r\n|\r|\n/g, '\\n')
			// eslint-disable-next-line no-control-regex -- the point is to match control characters
			.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '')
	);
}
