import { describe, expect, it } from 'vitest';
import { checkDisplayName, displayNameKey } from '$lib/validation/display-name';
import { nameSkeletons, skeleton } from './name-skeleton';

/** As the database decides: any of the three unique keys equal means the second name is refused. */
function clash(a: string, b: string): boolean {
	const [x, y] = [a, b].map((raw) => {
		const checked = checkDisplayName(raw);
		if (!checked.ok) throw new Error(`${raw}: ${checked.error}`);
		return { key: checked.key, ...nameSkeletons(checked.name) };
	});
	return x.key === y.key || x.shown === y.shown || x.folded === y.folded;
}

describe('the confusable skeleton (UTS #39)', () => {
	it('maps look-alikes from other scripts to one prototype', () => {
		expect(skeleton('Аlice')).toBe(skeleton('Alice'));
		expect(skeleton('раураl')).toBe(skeleton('paypal'));
		expect(skeleton('m')).toBe('rn');
		expect(skeleton('0')).toBe('O');
	});

	it('ignores default-ignorable code points and is in NFD', () => {
		expect(skeleton('Ali\u200Bce\u2060')).toBe(skeleton('Alice'));
		expect(skeleton('Zoë')).toBe(skeleton('Zoe\u0308'));
		expect(skeleton('Zoë')).toBe(skeleton('Zoë').normalize('NFD'));
	});
});

describe('names that look the same', () => {
	it('cannot both be in a gathering', () => {
		for (const [a, b] of [
			['Alice', 'Ali\u200Bce'],
			['Alice', 'Аlice'], // Cyrillic А
			['Alice', 'АLICE'], // Cyrillic А, other case
			['alice', 'АLICE'],
			['Wim', 'Wirn'],
			['Mo', 'rno'],
			['Olive', '0live'],
			['Ian', 'lan'], // capital I, small l
			['Al', 'AI'],
			['BOB', 'ВОВ'], // Cyrillic В and О
			['Bob', 'Вob'],
			['Anna', 'ΑΝΝΑ'], // Greek capitals
			['Zoë', 'Zoe\u0308'],
			['Anna', 'Ａｎｎａ']
		]) {
			expect(clash(a, b), `${a} / ${b}`).toBe(true);
		}
	});

	it('that differ stay different, in every script', () => {
		for (const [a, b] of [
			['Zoë', 'Zoe'],
			['محمد', 'محمود'],
			['Đặng', 'Dang'],
			['Đặng', 'Đăng'],
			['李小龙', '李小虎'],
			['Anna', 'Anne'],
			['Jan', 'Jaap'],
			['Ivan', 'Иван'],
			['Łukasz', 'Lukasz'],
			['👩\u200D👩\u200D👧 Fam', '👨\u200D👩\u200D👦 Fam'],
			['Sem', 'Sam']
		]) {
			expect(clash(a, b), `${a} / ${b}`).toBe(false);
		}
	});

	it('accept names from every language', () => {
		for (const name of ['Zoë', 'محمد', 'Đặng', '李小龙', '👩\u200D👩\u200D👧 Fam', 'Ülkü', 'Nguyễn']) {
			const keys = nameSkeletons(name);
			expect(keys.shown.length).toBeGreaterThan(0);
			expect(keys.folded).toBe(displayNameKey(keys.folded));
		}
	});
});
