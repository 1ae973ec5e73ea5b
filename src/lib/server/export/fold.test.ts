import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { contentLines, escapeText, foldLine, MAX_LINE_OCTETS, unfoldLines } from './fold';

const octets = (s: string) => Buffer.byteLength(s, 'utf8');
const physicalLines = (folded: string) => folded.split('\r\n');

describe('foldLine', () => {
	it('leaves a line of exactly 75 octets alone and folds one of 76', () => {
		expect(foldLine('a'.repeat(75))).toBe('a'.repeat(75));
		expect(foldLine('a'.repeat(76))).toBe(`${'a'.repeat(75)}\r\n a`);
	});

	it('counts the continuation space: later lines carry 74 octets of content', () => {
		const lines = physicalLines(foldLine('b'.repeat(75 + 74 + 10)));
		expect(lines.map(octets)).toEqual([75, 75, 11]);
	});

	it('moves a multi-octet character whole to the next line instead of splitting it', () => {
		// 74 ASCII octets + é (2 octets) would be 76: é must start the next line.
		const lines = physicalLines(foldLine(`${'x'.repeat(74)}é`));
		expect(lines).toEqual(['x'.repeat(74), ' é']);
	});

	it('never splits a surrogate pair', () => {
		// 73 + 😀 (4 octets, 2 UTF-16 units) = 77.
		const lines = physicalLines(foldLine(`${'x'.repeat(73)}😀`));
		expect(lines).toEqual(['x'.repeat(73), ' 😀']);
		for (const line of lines) expect(line).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
	});

	it('rejects a limit too small to hold the space and one character', () => {
		expect(() => foldLine('abc', 4)).toThrow(RangeError);
		expect(foldLine('😀😀', 5)).toBe('😀\r\n 😀');
	});

	it('property: every physical line fits, no line starts or ends inside a character, unfolding restores the line', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.integer({ min: 5, max: 80 }), (line, limit) => {
				const folded = foldLine(line, limit);
				for (const physical of physicalLines(folded)) {
					expect(octets(physical)).toBeLessThanOrEqual(limit);
					expect(physical.isWellFormed()).toBe(true);
				}
				expect(unfoldLines(folded)).toBe(line);
			})
		);
	});
});

describe('contentLines', () => {
	it('ends every line with CRLF, the last included', () => {
		expect(contentLines(['A:1', 'B:2'])).toBe('A:1\r\nB:2\r\n');
		const long = contentLines([`NOTE:${'ü'.repeat(100)}`]);
		expect(long.endsWith('\r\n')).toBe(true);
		expect(long.slice(0, -2).split('\r\n').every((l) => octets(l) <= MAX_LINE_OCTETS)).toBe(true);
	});
});

describe('escapeText', () => {
	it('escapes backslash first, then ; and , — so an escape is never escaped twice', () => {
		expect(escapeText('a\\b;c,d')).toBe('a\\\\b\\;c\\,d');
		expect(escapeText('\\n')).toBe('\\\\n');
	});

	it('turns every kind of line break into \\n, so a value cannot start a new property', () => {
		expect(escapeText('one\r\ntwo\nthree\rfour')).toBe('one\\ntwo\\nthree\\nfour');
		expect(escapeText('x\r\nATTENDEE:mailto:evil@example.org')).not.toMatch(/[\r\n]/);
	});

	it('drops control characters but keeps tabs', () => {
		expect(escapeText('a\u0000b\u0007c\td\u007f')).toBe('abc\td');
	});
});
