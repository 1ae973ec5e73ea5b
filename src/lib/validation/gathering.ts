import { checkLabel, type LabelError } from './text';

export const MAX_GATHERING_TITLE_CHARS = 120;
export const MAX_GATHERING_PLACE_CHARS = 120;
export const DEFAULT_DOTS_PER_PARTICIPANT = 3;
export const MAX_DOTS_PER_PARTICIPANT = 20;
export const DEFAULT_MAX_DOTS_PER_TOPIC = 2;
export const DEFAULT_RETENTION_DAYS = 30;
export const MAX_RETENTION_DAYS = 365;

export type GatheringInput = {
	title: string;
	place: string | null;
	date: string | null;
	dotsPerParticipant: number;
	maxDotsPerTopic: number;
	retentionDays: number;
};

export type GatheringField = keyof GatheringInput;
export type GatheringError =
	| 'title_required'
	| 'title_invisible'
	| 'title_too_long'
	| 'text_invalid_characters'
	| 'place_too_long'
	| 'date_invalid'
	| 'dots_invalid'
	| 'max_dots_invalid'
	| 'retention_invalid';

export type GatheringCheck =
	| { ok: true; value: GatheringInput }
	| { ok: false; errors: Partial<Record<GatheringField, GatheringError>> };

const TITLE_ERRORS = {
	required: 'title_required',
	invisible: 'title_invisible',
	too_long: 'title_too_long',
	invalid_characters: 'text_invalid_characters'
} as const satisfies Record<LabelError, GatheringError>;

/** Checks the new-gathering form; empty numeric fields take their defaults. */
export function checkGathering(form: Record<string, unknown>): GatheringCheck {
	const errors: Partial<Record<GatheringField, GatheringError>> = {};
	const str = (key: string) => (typeof form[key] === 'string' ? (form[key] as string) : '');

	const title = checkLabel(str('title'), { maxChars: MAX_GATHERING_TITLE_CHARS, required: true });
	if (!title.ok) errors.title = TITLE_ERRORS[title.error];

	const place = checkLabel(str('place'), { maxChars: MAX_GATHERING_PLACE_CHARS, required: false });
	if (!place.ok) errors.place = place.error === 'too_long' ? 'place_too_long' : 'text_invalid_characters';

	const date = str('date').trim();
	if (date && !isCalendarDate(date)) errors.date = 'date_invalid';

	const dots = integerField(str('dotsPerParticipant'), DEFAULT_DOTS_PER_PARTICIPANT);
	if (dots === null || dots < 1 || dots > MAX_DOTS_PER_PARTICIPANT) errors.dotsPerParticipant = 'dots_invalid';

	const maxDots = integerField(str('maxDotsPerTopic'), DEFAULT_MAX_DOTS_PER_TOPIC);
	if (maxDots === null || maxDots < 1 || (dots !== null && maxDots > dots)) {
		errors.maxDotsPerTopic = 'max_dots_invalid';
	}

	const retention = integerField(str('retentionDays'), DEFAULT_RETENTION_DAYS);
	if (retention === null || retention < 1 || retention > MAX_RETENTION_DAYS) {
		errors.retentionDays = 'retention_invalid';
	}

	if (Object.keys(errors).length > 0) return { ok: false, errors };
	return {
		ok: true,
		value: {
			title: title.ok ? title.value : '',
			place: (place.ok && place.value) || null,
			date: date || null,
			dotsPerParticipant: dots!,
			maxDotsPerTopic: maxDots!,
			retentionDays: retention!
		}
	};
}

function integerField(raw: string, fallback: number): number | null {
	const value = raw.trim();
	if (value === '') return fallback;
	if (!/^\d{1,4}$/.test(value)) return null;
	return Number(value);
}

/** YYYY-MM-DD naming a real day between the years 2000 and 2999. */
function isCalendarDate(value: string): boolean {
	const match = /^(2\d{3})-(\d{2})-(\d{2})$/.exec(value);
	if (!match) return false;
	const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const day = new Date(Date.UTC(y, m - 1, d));
	return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}
