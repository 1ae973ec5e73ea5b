/**
 * vCard 4.0 (RFC 6350): one card per contact, concatenated, CRLF line endings and lines
 * folded at 75 octets. Values are TEXT-escaped (§3.4); the only parameters written are
 * fixed strings, so no participant text ever reaches a parameter.
 */
import { contentLines, escapeText } from './fold';

export type Contact = {
	uid: string;
	fullName: string;
	email?: string | null;
	phone?: string | null;
	note?: string | null;
	organisation?: string | null;
};

const UUID = /^(?:urn:uuid:)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * A global number as RFC 3966 allows it after whitespace is removed: `+`, digits and the
 * visual separators `-.()`. Anything else — a local number without country code, an
 * extension written as text — has no valid `tel:` URI without guessing, so it is written
 * as text instead, which every reader shows as typed.
 */
const GLOBAL_TEL = /^\+[0-9().-]*[0-9][0-9().-]*$/;

function uidLine(uid: string): string {
	const uuid = UUID.exec(uid.trim());
	if (uuid) return `UID:urn:uuid:${uuid[1].toLowerCase()}`;
	// UID defaults to a URI; an arbitrary id is declared as text so it need not be one.
	return `UID;VALUE=text:${escapeText(uid)}`;
}

/**
 * N is family;given;additional;prefixes;suffixes. The app only knows one free-form name, so
 * the last word is taken as the family name and the rest as given names ("Anna de Vries"
 * → `Vries;Anna de`); a single word is a given name. That is wrong for particles like "de"
 * and for names written family-first, but N is only a sorting hint: readers display FN,
 * which is always the name exactly as entered.
 */
function structuredName(fullName: string): string {
	const words = fullName.trim().split(/\s+/).filter(Boolean);
	const family = words.length > 1 ? words[words.length - 1] : '';
	const given = words.length > 1 ? words.slice(0, -1).join(' ') : (words[0] ?? '');
	return `${escapeText(family)};${escapeText(given)};;;`;
}

function telLine(phone: string): string {
	const compact = phone.replace(/\s+/g, '');
	if (GLOBAL_TEL.test(compact)) return `TEL;VALUE=uri:tel:${compact}`;
	return `TEL;VALUE=text:${escapeText(phone.trim())}`;
}

function present(value: string | null | undefined): value is string {
	return typeof value === 'string' && value.trim() !== '';
}

function card(contact: Contact): string[] {
	const lines = ['BEGIN:VCARD', 'VERSION:4.0', `FN:${escapeText(contact.fullName)}`, `N:${structuredName(contact.fullName)}`, uidLine(contact.uid)];
	if (present(contact.email)) lines.push(`EMAIL:${escapeText(contact.email.trim())}`);
	if (present(contact.phone)) lines.push(telLine(contact.phone));
	if (present(contact.organisation)) lines.push(`ORG:${escapeText(contact.organisation)}`);
	if (present(contact.note)) lines.push(`NOTE:${escapeText(contact.note)}`);
	lines.push('END:VCARD');
	return lines;
}

export function toVCards(contacts: Contact[]): string {
	return contacts.map((contact) => contentLines(card(contact))).join('');
}
