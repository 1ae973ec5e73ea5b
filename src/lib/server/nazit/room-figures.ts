import type { Db } from '../db/client';
import { roomFigures, type RoomFigures } from '$lib/nazit/room-figures';
import { listGroups } from './groups';
import { loadNazit } from './store';

/** The after-session's counts for the projector (see `$lib/nazit/room-figures`). */
export async function loadRoomFigures(db: Db, gatheringId: string): Promise<RoomFigures> {
	const [rows, groups] = await Promise.all([loadNazit(db, gatheringId), listGroups(db, gatheringId)]);
	return roomFigures({ people: rows.people, interests: rows.interests, requests: rows.requests, groups });
}
