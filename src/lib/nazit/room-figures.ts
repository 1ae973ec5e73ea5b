/**
 * What the projector may show of the after-session: counts only. How many people want to
 * continue on each topic, how many connections were made, and when and where a follow-up
 * group meets next. No names, no lines, no contact details: the wall is seen by everyone in
 * the room, including people who never agreed to be known by anyone there.
 */
import type { InterestRow, RequestRow } from './views';
import { isConnection } from './views';

export type NextMeeting = { date: string | null; time: string | null; place: string | null };

export type RoomFigures = {
	/** Everyone who joined, people added without a phone included. */
	participantCount: number;
	/** topicId → how many people want to continue on it. */
	continuing: Record<string, number>;
	connectionCount: number;
	/** topicId → the follow-up group's next meeting, as far as it is known. */
	nextMeeting: Record<string, NextMeeting>;
};

export const NO_ROOM_FIGURES: RoomFigures = { participantCount: 0, continuing: {}, connectionCount: 0, nextMeeting: {} };

export function roomFigures(options: {
	people: readonly unknown[];
	interests: readonly Pick<InterestRow, 'topicId'>[];
	requests: readonly Pick<RequestRow, 'status'>[];
	groups: readonly ({ topicId: string } & NextMeeting)[];
}): RoomFigures {
	const continuing: Record<string, number> = {};
	for (const i of options.interests) continuing[i.topicId] = (continuing[i.topicId] ?? 0) + 1;
	const nextMeeting: Record<string, NextMeeting> = {};
	for (const g of options.groups) nextMeeting[g.topicId] = { date: g.date, time: g.time, place: g.place };
	return {
		participantCount: options.people.length,
		continuing,
		connectionCount: options.requests.filter((r) => isConnection(r)).length,
		nextMeeting
	};
}
