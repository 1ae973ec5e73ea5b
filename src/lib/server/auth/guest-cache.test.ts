import { afterEach, describe, expect, it } from 'vitest';
import {
	forgetAllGuestSessions,
	forgetGatheringGuests,
	forgetGuestSession,
	guestCacheEpoch,
	recallGuestSession,
	rememberGuestSession,
	setGuestCacheEnabled
} from './guest-cache';
import type { Participant } from '../db/schema';

const person = (id: string, gatheringId: string) => ({ participant: { id, gatheringId, displayName: id } as Participant, expiresAt: new Date(Date.now() + 60_000) });

afterEach(() => {
	setGuestCacheEnabled(true);
	forgetAllGuestSessions();
});

describe('remembered guest sessions', () => {
	it('does not remember a read that a forget overtook', () => {
		const seen = guestCacheEpoch();
		forgetGatheringGuests('g1');
		rememberGuestSession('s1', person('anna', 'g1'), seen);
		expect(recallGuestSession('s1')).toBeNull();
		rememberGuestSession('s1', person('anna', 'g1'), guestCacheEpoch());
		expect(recallGuestSession('s1')?.participant.id).toBe('anna');
	});

	it('forgets a gathering’s people and an ended session, and nothing else', () => {
		const epoch = guestCacheEpoch();
		rememberGuestSession('s1', person('anna', 'g1'), epoch);
		rememberGuestSession('s2', person('bram', 'g2'), epoch);
		rememberGuestSession('s3', person('carla', 'g2'), epoch);
		forgetGatheringGuests('g1');
		forgetGuestSession('s2');
		expect(recallGuestSession('s1')).toBeNull();
		expect(recallGuestSession('s2')).toBeNull();
		expect(recallGuestSession('s3')?.participant.id).toBe('carla');
	});

	it('remembers nothing while switched off (several nodes)', () => {
		setGuestCacheEnabled(false);
		rememberGuestSession('s1', person('anna', 'g1'), guestCacheEpoch());
		expect(recallGuestSession('s1')).toBeNull();
	});
});
