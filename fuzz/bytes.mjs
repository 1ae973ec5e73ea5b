/**
 * Byte-level pieces of the realtime fuzzer: lib0 variable-length integers written by hand
 * (so they can be made longer than lib0 itself would ever write, or larger than 2^53, which
 * lib0 reads with lost precision or refuses), and the blind mutations applied on top of
 * structured frames: truncation, bit flips, an inflated length prefix, junk appended.
 *
 * A lib0 varuint is 7 bits per byte, least significant first, the top bit set on every byte
 * but the last. A "length prefix" (varUint8Array, varString) is such a varuint followed by
 * that many bytes.
 */
import * as prng from 'lib0/prng';

/** A varuint of any size, BigInt-exact; `minBytes` pads it with continuation bytes (a legal but overlong form). */
export function varUint(value, minBytes = 1) {
	let n = BigInt(value);
	const out = [];
	do {
		out.push(Number(n & 0x7fn));
		n >>= 7n;
	} while (n > 0n || out.length < minBytes);
	for (let i = 0; i < out.length - 1; i++) out[i] |= 0x80;
	return out;
}

/** A length-prefixed byte string, the prefix telling the truth unless `claimedLength` says otherwise. */
export function varBytes(bytes, claimedLength = bytes.length) {
	return [...varUint(claimedLength), ...bytes];
}

export function varString(text) {
	return varBytes([...new TextEncoder().encode(text)]);
}

export const concat = (...parts) => Uint8Array.from(parts.flat());

export const hex = (bytes, max = 64) => {
	const shown = Buffer.from(bytes.subarray(0, max)).toString('hex');
	return bytes.length > max ? `${shown}… (${bytes.length} bytes)` : shown;
};

/** Values a hostile integer field takes: the edges of 7-bit groups, 2^31/2^32, 2^53 and beyond, 10-byte varints. */
export function hostileInt(gen) {
	return prng.oneOf(gen, [
		0n,
		1n,
		127n,
		128n,
		2n ** 31n - 1n,
		2n ** 31n,
		2n ** 32n - 1n,
		2n ** 32n,
		2n ** 53n - 1n,
		2n ** 53n,
		2n ** 53n + 1n,
		2n ** 63n,
		2n ** 64n - 1n,
		2n ** 70n - 1n
	]);
}

/** A varuint of a hostile value, sometimes overlong (continuation bytes of zero). */
export function hostileVarUint(gen) {
	return varUint(hostileInt(gen), prng.bool(gen) ? 1 : prng.int31(gen, 2, 10));
}

/** Cut the frame short somewhere after its first byte. */
export function truncate(gen, bytes) {
	if (bytes.length < 2) return bytes.subarray(0, 0);
	return bytes.subarray(0, prng.int31(gen, 1, bytes.length - 1));
}

export function flipBits(gen, bytes) {
	const out = Uint8Array.from(bytes);
	if (!out.length) return out;
	const flips = prng.int31(gen, 1, 8);
	for (let i = 0; i < flips; i++) out[prng.int31(gen, 0, out.length - 1)] ^= 1 << prng.int31(gen, 0, 7);
	return out;
}

/**
 * Replace the varuint at `offset` (a length prefix, usually) with a much larger one, so that
 * the frame claims far more bytes than it carries.
 */
export function inflateAt(gen, bytes, offset) {
	if (offset >= bytes.length) return bytes;
	let end = offset;
	while (end < bytes.length && bytes[end] & 0x80) end++;
	return concat([...bytes.subarray(0, offset)], hostileVarUint(gen), [...bytes.subarray(end + 1)]);
}

export function appendJunk(gen, bytes) {
	return concat([...bytes], [...prng.uint8Array(gen, prng.int31(gen, 1, 64))]);
}

/** One blind mutation of a structured frame; `prefixAt` is where its main length prefix sits. */
export function mutate(gen, bytes, prefixAt) {
	const how = prng.int31(gen, 0, 3);
	if (how === 0) return { how: 'truncated', bytes: truncate(gen, bytes) };
	if (how === 1) return { how: 'bit-flipped', bytes: flipBits(gen, bytes) };
	if (how === 2) return { how: 'inflated-length', bytes: inflateAt(gen, bytes, prefixAt) };
	return { how: 'junk-appended', bytes: appendJunk(gen, bytes) };
}
