/** A growable byte buffer for building frames by hand; large pieces are copied, never spread. */
import { varUint } from './bytes.mjs';

export class Writer {
	buf = new Uint8Array(256);
	length = 0;

	reserve(n) {
		if (this.length + n <= this.buf.length) return;
		const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
		next.set(this.buf.subarray(0, this.length));
		this.buf = next;
	}
	byte(b) {
		this.reserve(1);
		this.buf[this.length++] = b;
		return this;
	}
	bytes(data) {
		const array = data instanceof Uint8Array ? data : Uint8Array.from(data);
		this.reserve(array.length);
		this.buf.set(array, this.length);
		this.length += array.length;
		return this;
	}
	uint(value, minBytes = 1) {
		return this.bytes(varUint(value, minBytes));
	}
	string(text) {
		const data = new TextEncoder().encode(text);
		return this.uint(data.length).bytes(data);
	}
	/** A length prefix and the bytes, the prefix lying when `claimed` is given. */
	lengthPrefixed(data, claimed = data.length) {
		return this.uint(claimed).bytes(data);
	}
	done() {
		return this.buf.slice(0, this.length);
	}
}
