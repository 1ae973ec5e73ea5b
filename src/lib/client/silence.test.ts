import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { reconnectWhenSilent, type WatchedProvider } from './silence';

function provider(): WatchedProvider & { reconnects: number } {
	const p = {
		wsconnected: true,
		wsLastMessageReceived: Date.now(),
		reconnects: 0,
		disconnect() {
			p.wsconnected = false;
		},
		connect() {
			p.reconnects++;
			p.wsconnected = true;
			p.wsLastMessageReceived = Date.now();
		}
	};
	return p;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('a silent board connection', () => {
	it('is kept while the server speaks every few seconds', () => {
		const p = provider();
		const stop = reconnectWhenSilent(p, Date.now, 12_000);
		for (let i = 0; i < 10; i++) {
			vi.advanceTimersByTime(4_000);
			p.wsLastMessageReceived = Date.now();
		}
		expect(p.reconnects).toBe(0);
		stop();
	});

	it('is dropped and opened again once the server has been silent too long', () => {
		const p = provider();
		const stop = reconnectWhenSilent(p, Date.now, 12_000);
		vi.advanceTimersByTime(12_000);
		expect(p.reconnects).toBe(0);
		vi.advanceTimersByTime(3_000);
		expect(p.reconnects).toBe(1);
		stop();
		vi.advanceTimersByTime(60_000);
		expect(p.reconnects).toBe(1);
	});

	it('leaves a connection that is not open to the provider’s own reconnecting', () => {
		const p = provider();
		p.wsconnected = false;
		const stop = reconnectWhenSilent(p, Date.now, 12_000);
		vi.advanceTimersByTime(60_000);
		expect(p.reconnects).toBe(0);
		stop();
	});
});
