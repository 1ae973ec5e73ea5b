import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { commandId } from './command-id';

const UUID = v.pipe(v.string(), v.uuid());

describe('commandId', () => {
	it('makes UUIDs the command schema accepts without crypto.randomUUID (an http page on the LAN)', () => {
		const insecure: Pick<Crypto, 'getRandomValues'> = { getRandomValues: crypto.getRandomValues.bind(crypto) };
		const ids = new Set(Array.from({ length: 2000 }, () => commandId(insecure)));
		expect(ids.size).toBe(2000);
		for (const id of ids) {
			expect(v.is(UUID, id), id).toBe(true);
			expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		}
	});

	it('uses crypto.randomUUID where it exists', () => {
		const secure = { getRandomValues: () => { throw new Error('not used'); }, randomUUID: () => '00000000-0000-4000-8000-000000000000' } as unknown as Crypto;
		expect(commandId(secure)).toBe('00000000-0000-4000-8000-000000000000');
	});
});
