import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AWARENESS_BATCH_MS, AwarenessBatch } from './awareness-batch';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function batch() {
	const sent: { toClients: number[]; toNodes: number[] }[] = [];
	const awareness = new AwarenessBatch({ send: (toClients, toNodes) => sent.push({ toClients, toNodes }) });
	return { awareness, sent };
}

describe('the awareness batch', () => {
	it('passes many renewals on as one batch naming each client once', () => {
		const { awareness, sent } = batch();
		for (let i = 0; i < 600; i++) awareness.note([i % 300], false);
		expect(sent).toEqual([]);
		vi.advanceTimersByTime(AWARENESS_BATCH_MS);
		expect(sent).toHaveLength(1);
		expect(sent[0].toClients).toHaveLength(300);
		expect(new Set(sent[0].toClients).size).toBe(300);
	});

	it('shows changes from other nodes to this node’s screens but never sends them back to the nodes', () => {
		const { awareness, sent } = batch();
		awareness.note([1, 2], true);
		awareness.note([3], false);
		vi.advanceTimersByTime(AWARENESS_BATCH_MS);
		expect(sent).toEqual([{ toClients: [1, 2, 3], toNodes: [3] }]);
	});

	it('sends what waits when closed, and nothing after', () => {
		const { awareness, sent } = batch();
		awareness.note([7], false);
		awareness.close();
		expect(sent).toEqual([{ toClients: [7], toNodes: [7] }]);
		awareness.note([8], false);
		vi.advanceTimersByTime(AWARENESS_BATCH_MS * 2);
		expect(sent).toHaveLength(1);
	});

	it('starts a new batch for changes after the last one went out', () => {
		const { awareness, sent } = batch();
		awareness.note([1], false);
		vi.advanceTimersByTime(AWARENESS_BATCH_MS);
		awareness.note([1], false);
		vi.advanceTimersByTime(AWARENESS_BATCH_MS);
		expect(sent.map((s) => s.toClients)).toEqual([[1], [1]]);
	});
});
