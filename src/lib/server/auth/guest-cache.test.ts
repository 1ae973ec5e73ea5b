import { describe, expect, it } from 'vitest';
import { GuestSessionCache } from './guest-cache';
import type { Participant } from '../db/schema';

const person = (id: string, gatheringId: string) => ({ participant: { id, gatheringId, displayName: id } as Participant, expiresAt: new Date(Date.now() + 60_000) });

describe('remembered guest sessions', () => {
	it('does not remember a read that a forget overtook', () => {
		const cache = new GuestSessionCache({ enabled: true });
		const seen = cache.currentEpoch();
		cache.forgetGathering('g1');
		cache.remember('s1', person('anna', 'g1'), seen);
		expect(cache.recall('s1')).toBeNull();
		cache.remember('s1', person('anna', 'g1'), cache.currentEpoch());
		expect(cache.recall('s1')?.participant.id).toBe('anna');
	});

	it('forgets a gathering’s people and an ended session, and nothing else', () => {
		const cache = new GuestSessionCache({ enabled: true });
		const epoch = cache.currentEpoch();
		cache.remember('s1', person('anna', 'g1'), epoch);
		cache.remember('s2', person('bram', 'g2'), epoch);
		cache.remember('s3', person('carla', 'g2'), epoch);
		cache.forgetGathering('g1');
		cache.forgetSession('s2');
		expect(cache.recall('s1')).toBeNull();
		expect(cache.recall('s2')).toBeNull();
		expect(cache.recall('s3')?.participant.id).toBe('carla');
	});

	it('remembers nothing while switched off (several nodes)', () => {
		const cache = new GuestSessionCache({ enabled: false });
		cache.remember('s1', person('anna', 'g1'), cache.currentEpoch());
		expect(cache.recall('s1')).toBeNull();
	});
});
