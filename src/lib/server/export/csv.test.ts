import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { csvCell, neutraliseFormula, toCsv, type Cell } from './csv';

/** What a reader should get back for a cell: the documented neutralising, nothing else. */
const expected = (cell: Cell): string => (cell === null || cell === undefined ? '' : typeof cell === 'string' ? neutraliseFormula(cell) : String(cell));

/** An independent reader. relax_column_count stays off, so a misaligned record fails the parse. */
const read = (csv: string): string[][] => parse(csv, { bom: true });

describe('csvCell', () => {
	it('leaves plain text bare and quotes only when needed', () => {
		expect(csvCell('Anna')).toBe('Anna');
		expect(csvCell('de Vries, Anna')).toBe('"de Vries, Anna"');
		expect(csvCell('zei "hallo"')).toBe('"zei ""hallo"""');
		expect(csvCell('een\ntwee')).toBe('"een\ntwee"');
		expect(csvCell('een\r\ntwee')).toBe('"een\r\ntwee"');
		expect(csvCell(' spatie')).toBe('" spatie"');
		expect(csvCell('spatie ')).toBe('"spatie "');
	});

	it('writes null and undefined as empty, booleans as words, numbers as decimals', () => {
		expect(csvCell(null)).toBe('');
		expect(csvCell(undefined)).toBe('');
		expect(csvCell(true)).toBe('true');
		expect(csvCell(false)).toBe('false');
		expect(csvCell(42)).toBe('42');
		expect(csvCell(2.5)).toBe('2.5');
		expect(csvCell(0)).toBe('0');
	});

	it('leaves a negative number alone: only strings can carry a formula', () => {
		expect(csvCell(-3)).toBe('-3');
		expect(csvCell(-0.25)).toBe('-0.25');
	});

	it('refuses NaN and infinities rather than writing them as text', () => {
		expect(() => csvCell(Number.NaN)).toThrow(RangeError);
		expect(() => csvCell(Number.POSITIVE_INFINITY)).toThrow(RangeError);
	});

	it('keeps accents and emoji, ZWJ sequences included, unquoted and intact', () => {
		for (const text of ['café', 'Müller', 'ijsberg IJmuiden', 'Zoë 👩‍👩‍👧‍👦', '🏳️‍🌈', 'résumé']) expect(csvCell(text)).toBe(text);
	});
});

describe('neutraliseFormula', () => {
	it('prefixes formula starters with a quote', () => {
		expect(neutraliseFormula('=SUM(A1)')).toBe("'=SUM(A1)");
		expect(neutraliseFormula('-2+3')).toBe("'-2+3");
		expect(neutraliseFormula('@cmd')).toBe("'@cmd");
		expect(neutraliseFormula('\t=1')).toBe("'\t=1");
		expect(neutraliseFormula('\r=1')).toBe("'\r=1");
	});

	it('also prefixes a phone number in international form', () => {
		// `+31 6 …` begins with + and would be evaluated (or mangled into a number) by a
		// spreadsheet. The leading quote is what makes the program show it as text.
		expect(neutraliseFormula('+31 6 1234 5678')).toBe("'+31 6 1234 5678");
	});

	it('leaves other text, including text with = further in, alone', () => {
		for (const text of ['', 'Anna', 'a=b', ' =1', "'=1", '06-12345678']) expect(neutraliseFormula(text)).toBe(text);
	});

	it('is applied by csvCell before quoting', () => {
		expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
		expect(csvCell('\tindent')).toBe("'\tindent");
		expect(csvCell('\rterug')).toBe('"\'\rterug"');
	});
});

describe('toCsv', () => {
	it('starts with a BOM and ends every record, the last too, with CRLF', () => {
		expect(toCsv(['a', 'b'], [[1, 'x']])).toBe('\uFEFFa,b\r\n1,x\r\n');
		expect(toCsv(['a'], [])).toBe('\uFEFFa\r\n');
	});

	it('escapes and neutralises header cells like any other', () => {
		expect(toCsv(['naam, volledig', '=kop'], [])).toBe('\uFEFF"naam, volledig",\'=kop\r\n');
	});

	it('writes an empty value in a single column as "" so the record is not an empty line', () => {
		const csv = toCsv(['notitie'], [[''], [null], ['x']]);
		expect(csv).toBe('\uFEFFnotitie\r\n""\r\n""\r\nx\r\n');
		expect(read(csv)).toEqual([['notitie'], [''], [''], ['x']]);
	});

	it('throws when a row does not have as many cells as the header', () => {
		expect(() => toCsv(['a', 'b'], [['1']])).toThrow(/row 0 has 1 cells, the header has 2/);
	});

	it('round-trips through an independent parser', () => {
		const header = ['naam', 'telefoon', 'notitie', 'aantal', 'aanwezig'];
		const rows: Cell[][] = [
			['Anna de Vries', '+31 6 1234 5678', 'zei "ja", toen "nee"', 3, true],
			['José Müller', '-', 'regel een\nregel twee', -2, false],
			['Zoë 👩‍👩‍👧‍👦', '@home', 'windows\r\nregels', 0, null],
			['IJsbrand van ’t Hof', '=SUM(A1)', '\tingesprongen', 1.5, undefined],
			['🏳️‍🌈 Kim', '\rterug', ' spaties rond ', -0.5, true],
			['', '', '', null, null]
		];
		const parsed = read(toCsv(header, rows));
		expect(parsed).toEqual([header, ...rows].map((row) => row.map(expected)));
		// Spot checks of the documented neutralising, so a regression in `expected` cannot hide one.
		expect(parsed[1][1]).toBe("'+31 6 1234 5678");
		expect(parsed[4][1]).toBe("'=SUM(A1)");
		expect(parsed[2][3]).toBe('-2');
	});

	it('property: any table of text round-trips through an independent parser', () => {
		const cell = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom('"', ',', '\r\n', '\n', '\r', '=1', '+1', ' ', '""'));
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 4 }).chain((width) =>
					fc.tuple(fc.array(cell, { minLength: width, maxLength: width }), fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 5 }))
				),
				([header, rows]) => {
					expect(read(toCsv(header, rows))).toEqual([header, ...rows].map((row) => row.map(expected)));
				}
			)
		);
	});
});

describe('semicolon-separated, for spreadsheets set to Dutch', () => {
	it('round-trips through an independent parser with the same values', () => {
		const rows = [['a;b', 'Zoë, de "buurvrouw"', -2, '=1+1']];
		const csv = toCsv(['één', 'twee', 'drie', 'vier'], rows, ';');
		expect(csv.split('\r\n')[1]).toBe('"a;b";"Zoë, de ""buurvrouw""";-2;\'=1+1');
		expect(parse(csv, { bom: true, delimiter: ';' })).toEqual([['één', 'twee', 'drie', 'vier'], ['a;b', 'Zoë, de "buurvrouw"', '-2', "'=1+1"]]);
	});
});
