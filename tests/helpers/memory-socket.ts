import type { RealtimeSocket } from '../../src/lib/server/realtime/socket';

/** The server's end of an in-memory connection: records what is sent, lets a test close it. */
export class MemorySocket implements RealtimeSocket {
	readonly sent: Uint8Array[] = [];
	closed: { code: number; reason: string } | null = null;
	private messageListeners: ((data: Uint8Array) => void)[] = [];
	private closeListeners: (() => void)[] = [];

	send(data: Uint8Array) {
		if (!this.closed) this.sent.push(data);
	}
	close(code: number, reason: string) {
		if (this.closed) return;
		this.closed = { code, reason };
		for (const l of this.closeListeners) l();
	}
	onMessage(listener: (data: Uint8Array) => void) {
		this.messageListeners.push(listener);
	}
	onClose(listener: () => void) {
		this.closeListeners.push(listener);
	}
	/** As if the client sent `data`. */
	receive(data: Uint8Array) {
		for (const l of this.messageListeners) l(data);
	}
}
