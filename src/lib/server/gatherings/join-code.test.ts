import { describe, expect, it } from 'vitest';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, generateJoinCode, normaliseJoinCode } from './join-code';

describe('join codes', () => {
	it('use an alphabet without characters people confuse', () => {
		for (const ch of '0O1IL') expect(JOIN_CODE_ALPHABET).not.toContain(ch);
		expect(new Set(JOIN_CODE_ALPHABET).size).toBe(JOIN_CODE_ALPHABET.length);
		expect(JOIN_CODE_ALPHABET).toMatch(/^[2-9A-Z]+$/);
	});

	it('are 6 characters from that alphabet', () => {
		for (let i = 0; i < 2000; i++) {
			const code = generateJoinCode();
			expect(code).toHaveLength(JOIN_CODE_LENGTH);
			for (const ch of code) expect(JOIN_CODE_ALPHABET).toContain(ch);
		}
	});

	it('use every symbol about equally often (no modulo bias)', () => {
		const counts = new Map<string, number>();
		const n = 20_000;
		for (let i = 0; i < n; i++) for (const ch of generateJoinCode()) counts.set(ch, (counts.get(ch) ?? 0) + 1);
		expect(counts.size).toBe(JOIN_CODE_ALPHABET.length);
		const expected = (n * JOIN_CODE_LENGTH) / JOIN_CODE_ALPHABET.length;
		for (const c of counts.values()) expect(Math.abs(c - expected) / expected).toBeLessThan(0.1);
	});

	it('skip random bytes that would bias the draw', () => {
		// 248..255 lie above the largest multiple of 31 and must be thrown away.
		const bytes = [255, 248, 0, 1, 2, 3, 4, 5];
		const code = generateJoinCode(() => Uint8Array.from(bytes));
		expect(code).toBe('234567');
	});

	it('rarely repeat: 10,000 codes are (practically) all different', () => {
		const codes = new Set(Array.from({ length: 10_000 }, () => generateJoinCode()));
		// With 887 million codes the expected number of collisions here is ~0.06.
		expect(codes.size).toBeGreaterThanOrEqual(9_998);
	});

	it('normalise what people type', () => {
		expect(normaliseJoinCode('abc def')).toBe('ABCDEF');
		expect(normaliseJoinCode(' 7k-9m.pq ')).toBe('7K9MPQ');
		expect(normaliseJoinCode('ABCDE')).toBeNull();
		expect(normaliseJoinCode('ABCDEFG')).toBeNull();
		expect(normaliseJoinCode('ABCDE0')).toBeNull();
		expect(normaliseJoinCode('ABCDEI')).toBeNull();
		expect(normaliseJoinCode('ÄBCDEF')).toBeNull();
		expect(normaliseJoinCode(42)).toBeNull();
		expect(normaliseJoinCode('A'.repeat(1000))).toBeNull();
	});
});
