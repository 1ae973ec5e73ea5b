/**
 * A random UUID (version 4) for a command id. `crypto.randomUUID` exists only in secure
 * contexts (https, or localhost): a phone that opened the board over the hall's network at
 * `http://192.168.1.20:3000` has no such function, and every command would throw before it
 * was stored. `crypto.getRandomValues` exists everywhere and is just as random.
 */
export function commandId(source: Pick<Crypto, 'getRandomValues'> & { randomUUID?: () => string } = crypto): string {
	if (typeof source.randomUUID === 'function') return source.randomUUID();
	const bytes = source.getRandomValues(new Uint8Array(16));
	bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
	bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 9562 variant
	const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
