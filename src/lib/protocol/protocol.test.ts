import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, speaksCurrentProtocol } from './version';
import { readCommandResponse } from './commands';
import { CLOSE } from './close-codes';

describe('the protocol version', () => {
	it('accepts this version and the unversioned first one, and nothing else', () => {
		expect(speaksCurrentProtocol(String(PROTOCOL_VERSION))).toBe(true);
		expect(speaksCurrentProtocol(null)).toBe(PROTOCOL_VERSION === 1);
		expect(speaksCurrentProtocol(undefined)).toBe(PROTOCOL_VERSION === 1);
		for (const other of [String(PROTOCOL_VERSION + 1), '0', '-1', '1.0', ' 1', '1e0', 'x', '9'.repeat(40)]) {
			expect(speaksCurrentProtocol(other), other).toBe(false);
		}
	});
});

describe('close codes', () => {
	it('are unique, ours in 4000–4999', () => {
		const codes = Object.values(CLOSE).map((c) => c.code);
		expect(new Set(codes).size).toBe(codes.length);
		for (const [name, { code }] of Object.entries(CLOSE)) if (!['goingAway', 'tooBig'].includes(name)) expect(code, name).toBeGreaterThanOrEqual(4000);
	});
});

describe('a command response', () => {
	it('is read as the contract says', () => {
		expect(readCommandResponse({ ok: true, topicId: 't1' })).toEqual({ ok: true, topicId: 't1', participantId: undefined });
		expect(readCommandResponse({ ok: false, error: 'budget_spent', message: 'Je stippen zijn op.' })).toEqual({ ok: false, error: 'budget_spent', message: 'Je stippen zijn op.' });
	});

	it('is not ours when it does not fit the contract (a portal page, a proxy error)', () => {
		for (const body of [null, 'ok', [], { ok: 'true' }, { ok: true, topicId: 5 }, { ok: false, error: 'x' }, { ok: false, message: 'm' }]) {
			expect(readCommandResponse(body), JSON.stringify(body)).toBeNull();
		}
	});
});
