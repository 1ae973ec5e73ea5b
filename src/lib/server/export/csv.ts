/**
 * CSV as RFC 4180 describes it, made for spreadsheet programs: UTF-8 with a byte order mark
 * (without it Excel reads the file as the local code page and mangles é and emoji), CRLF
 * between records and after the last one, fields quoted only when they need it.
 *
 * Exported text comes from participants, so every string cell is treated as hostile: a cell
 * that a spreadsheet would evaluate as a formula is turned into text first (see
 * {@link neutraliseFormula}).
 */

export type Cell = string | number | boolean | null | undefined;

const BOM = '\uFEFF';
const CRLF = '\r\n';

/**
 * Characters that make a spreadsheet treat the cell as a formula (or, for TAB and CR, that
 * some programs strip before looking for one), per OWASP's CSV injection guidance.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A field needing quotes: a delimiter (either of the two we write), a quote, a line break,
 * or edge whitespace that a reader might trim.
 */
const NEEDS_QUOTES = /[",;\r\n]|^[ \t]|[ \t]$/;

/**
 * RFC 4180 says comma. Spreadsheet programs set to a language with a decimal comma (Dutch
 * Excel among them) split on semicolons when a file is opened by double-clicking, so the
 * organisers' download offers both.
 */
export type Delimiter = ',' | ';';

/**
 * Prefixes a formula-like string with `'`. Spreadsheets show such a cell as text, with the
 * quote visible in some programs: that is the accepted price, since a phone number like
 * `+31 6 …` and a formula like `=HYPERLINK(…)` cannot be told apart safely.
 */
export function neutraliseFormula(text: string): string {
	return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * One field. Strings are neutralised, then quoted when needed with inner quotes doubled.
 * Numbers stay numbers (`String(n)`), so `-3` is not neutralised: a number cannot carry a
 * formula. A non-finite number means a bug upstream and throws rather than writing `NaN`.
 */
export function csvCell(value: Cell): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new RangeError(`CSV cell must be a finite number, got ${value}`);
		return String(value);
	}
	const text = neutraliseFormula(value);
	return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function record(cells: Cell[], delimiter: Delimiter): string {
	const fields = cells.map(csvCell);
	// A one-column record with an empty value would be an empty line, which many readers skip.
	if (fields.length === 1 && fields[0] === '') return '""';
	return fields.join(delimiter);
}

/**
 * The whole file. Every row must have as many cells as the header: a short row would shift
 * the columns after it under the wrong heading, so it throws instead.
 */
export function toCsv(header: string[], rows: Cell[][], delimiter: Delimiter = ','): string {
	rows.forEach((row, index) => {
		if (row.length !== header.length) {
			throw new Error(`CSV row ${index} has ${row.length} cells, the header has ${header.length}`);
		}
	});
	return BOM + [header, ...rows].map((cells) => record(cells, delimiter) + CRLF).join('');
}
