import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeMetrics, gini, HEARD_MIN_MS, voicesForHalf } from './metrics';
import { mergePresence, presentMs } from './time';
import type { Presence } from './types';
import { presentAllEvening, turn } from './test-fixtures';

const MIN = 60_000;
const window = { from: 0, to: 60 * MIN };
const now = 60 * MIN;

const wholeEvening = presentAllEvening;

describe('metrics, hand-computed', () => {
	it('everyone equal: Gini 0, evenness 1, effective voices n, coverage 1', () => {
		const m = computeMetrics({
			turns: [turn('a', 0, 60), turn('b', MIN, 60), turn('c', 2 * MIN, 60), turn('d', 3 * MIN, 60)],
			presence: wholeEvening('a', 'b', 'c', 'd'),
			window,
			now
		});
		expect(m.gini).toBeCloseTo(0, 10);
		expect(m.evenness).toBeCloseTo(1, 10);
		expect(m.effectiveVoices).toBeCloseTo(4, 10);
		expect(m.topShare).toBeCloseTo(0.25, 10);
		expect(m.coverage).toBe(1);
		expect(m.turnCountCv).toBe(0);
		for (const p of m.people) expect(p.deficitMs).toBeCloseTo(0, 6);
	});

	it('one speaker among four: Gini 1, effective voices 1, coverage 1/4', () => {
		const m = computeMetrics({ turns: [turn('a', 0, 300)], presence: wholeEvening('a', 'b', 'c', 'd'), window, now });
		expect(m.gini).toBeCloseTo(1, 10);
		expect(m.effectiveVoices).toBeCloseTo(1, 10);
		expect(m.evenness).toBeCloseTo(0, 10);
		expect(m.topShare).toBe(1);
		expect(m.heard).toBe(1);
		expect(m.present).toBe(4);
		expect(m.coverage).toBe(0.25);
		expect(m.notYetHeard.map((p) => p.id)).toEqual(['b', 'c', 'd']);
		// Fair share is 75 s each; a spoke 300 s.
		expect(m.people.find((p) => p.id === 'a')!.deficitMs).toBeCloseTo(75_000 - 300_000, 6);
		expect(m.people.find((p) => p.id === 'b')!.deficitMs).toBeCloseTo(75_000, 6);
		// Turn counts 1,0,0,0: mean 0.25, sd √(0.1875) → CV √3.
		expect(m.turnCountCv).toBeCloseTo(Math.sqrt(3), 10);
	});

	it('two speakers 3:1 with two silent people', () => {
		const m = computeMetrics({ turns: [turn('a', 0, 90), turn('b', 2 * MIN, 30)], presence: wholeEvening('a', 'b', 'c', 'd'), window, now });
		// x = 0,0,30,90 → ΣΣ|xi−xj| = 2·(30+90+30+90+60) = 600; mean 30; G = 600/(2·16·30)=0.625; ×4/3 = 0.8333…
		expect(m.gini).toBeCloseTo(0.625 * (4 / 3), 10);
		const h = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
		expect(m.effectiveVoices).toBeCloseTo(Math.exp(h), 10);
		expect(m.evenness).toBeCloseTo(h / Math.log(4), 10);
		expect(m.coverage).toBe(0.5);
	});

	it('a turn under 5 seconds does not count as heard; voided turns count for nothing', () => {
		const m = computeMetrics({
			turns: [turn('a', 0, HEARD_MIN_MS / 1000 - 1), turn('b', MIN, 120, { status: 'voided' })],
			presence: wholeEvening('a', 'b'),
			window,
			now
		});
		expect(m.heard).toBe(0);
		expect(m.people.find((p) => p.id === 'b')!.speakingMs).toBe(0);
	});

	it('a late arrival’s fair share follows their presence', () => {
		// a is there 60 min, b only the last 20 min; 40 min of talk in total.
		const presence: Presence = { a: [{ start: 0, end: null }], b: [{ start: 40 * MIN, end: null }] };
		const m = computeMetrics({ turns: [turn('a', 0, 40 * 60)], presence, window, now });
		const b = m.people.find((p) => p.id === 'b')!;
		expect(b.presentMs).toBe(20 * MIN);
		expect(b.fairShareMs).toBeCloseTo((40 * MIN * 20) / 80, 6);
	});

	it('a paused turn counts only the talking, and a live turn counts until now', () => {
		const m = computeMetrics({
			turns: [turn('a', 0, 100, { pausedMs: 40_000 }), turn('b', 10 * MIN, 0, { end: null, status: 'live', pausedAt: null })],
			presence: wholeEvening('a', 'b'),
			window,
			now: 11 * MIN
		});
		expect(m.people.find((p) => p.id === 'a')!.speakingMs).toBe(60_000);
		expect(m.people.find((p) => p.id === 'b')!.speakingMs).toBe(MIN);
	});

	it('a topic window counts only that topic’s turns', () => {
		const m = computeMetrics({
			turns: [turn('a', 0, 60, { topicId: 'x' }), turn('b', MIN, 60, { topicId: 'y' })],
			presence: wholeEvening('a', 'b'),
			window,
			now,
			topicId: 'x'
		});
		expect(m.heard).toBe(1);
		expect(m.notYetHeard.map((p) => p.id)).toEqual(['b']);
	});

	it('nobody present: everything is zero, nothing divides by zero', () => {
		const m = computeMetrics({ turns: [], presence: {}, window, now });
		expect(m).toMatchObject({ present: 0, heard: 0, coverage: 0, gini: 0, evenness: 0, effectiveVoices: 0, topShare: 0, turnCountCv: 0 });
	});
});

describe('presence', () => {
	it('closes gaps under a minute and cuts at the window', () => {
		const intervals = [
			{ start: 0, end: 10 * MIN },
			{ start: 10 * MIN + 30_000, end: 20 * MIN },
			{ start: 30 * MIN, end: null }
		];
		expect(mergePresence(intervals, 40 * MIN)).toEqual([
			{ start: 0, end: 20 * MIN },
			{ start: 30 * MIN, end: 40 * MIN }
		]);
		expect(presentMs(intervals, { from: 15 * MIN, to: 35 * MIN }, 40 * MIN)).toBe(10 * MIN);
	});
});

const turnArb = fc.record({
	participantId: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
	start: fc.integer({ min: 0, max: 50 * MIN }),
	seconds: fc.integer({ min: 0, max: 600 }),
	voided: fc.boolean()
});

describe('metrics, properties', () => {
	it('stay in range and do not depend on the order of turns', () => {
		fc.assert(
			fc.property(fc.array(turnArb, { maxLength: 40 }), fc.integer({ min: 0, max: 1000 }), (specs, shuffleSeed) => {
				const turns = specs.map((s) => turn(s.participantId, s.start, s.seconds, s.voided ? { status: 'voided' } : {}));
				const presence = wholeEvening('a', 'b', 'c', 'd', 'e');
				const m = computeMetrics({ turns, presence, window, now });
				for (const v of [m.gini, m.evenness, m.coverage, m.topShare]) {
					expect(v).toBeGreaterThanOrEqual(0);
					expect(v).toBeLessThanOrEqual(1 + 1e-12);
				}
				expect(m.effectiveVoices).toBeLessThanOrEqual(m.present + 1e-9);
				const shuffled = [...turns].sort((x, y) => ((x.id.charCodeAt(1) * 31 + shuffleSeed) % 7) - ((y.id.charCodeAt(1) * 31 + shuffleSeed) % 7));
				const again = computeMetrics({ turns: shuffled.reverse(), presence, window, now });
				expect(again.gini).toBeCloseTo(m.gini, 9);
				expect(again.effectiveVoices).toBeCloseTo(m.effectiveVoices, 9);
				expect(again.coverage).toBe(m.coverage);
				expect(again.notYetHeard.map((p) => p.id)).toEqual(m.notYetHeard.map((p) => p.id));
			})
		);
	});

	it('Gini is 0 for equal values and 1 for one non-zero value', () => {
		fc.assert(
			fc.property(fc.integer({ min: 2, max: 50 }), fc.integer({ min: 1, max: 10_000 }), (n, x) => {
				expect(gini(Array(n).fill(x))).toBeCloseTo(0, 9);
				expect(gini([x, ...Array(n - 1).fill(0)])).toBeCloseTo(1, 9);
			})
		);
	});
});

describe('voices for half of the talking', () => {
	const of = (...ms: number[]) => voicesForHalf(ms.map((speakingMs) => ({ speakingMs })));

	it('is 0 when nobody spoke, and ignores the silent', () => {
		expect(of()).toBe(0);
		expect(of(0, 0, 0)).toBe(0);
		expect(of(0, 10, 0)).toBe(1);
	});

	it('counts the largest speakers first until they reach half', () => {
		expect(of(60, 20, 20)).toBe(1);
		expect(of(40, 30, 30)).toBe(2);
		expect(of(10, 10, 10, 10)).toBe(2);
		expect(of(10, 10, 10, 10, 10)).toBe(3);
	});

	it('lies between 1 and the number of people who spoke, and shrinks when one voice grows', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 1, max: 3_600_000 }), { minLength: 1, maxLength: 40 }), (ms) => {
				const k = of(...ms);
				expect(k).toBeGreaterThanOrEqual(1);
				expect(k).toBeLessThanOrEqual(ms.length);
				const top = ms.reduce((s, v) => s + v, 0);
				expect(of(...ms, top)).toBe(1);
			})
		);
	});
});
