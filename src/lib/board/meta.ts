/**
 * The board's `meta` map: a few single values every screen reads. This module is the only
 * place its keys are spelled and the only place their values are cast; everything else reads
 * and writes them through the typed accessors below.
 *
 * A value is read defensively: a key that is absent (a new board, or a board written before
 * the key existed) reads as its default, never as `undefined`.
 */
import type { Board } from './doc';
import type { Phase } from './types';

export const META_KEYS = {
	/** The gathering's phase (`lobby` until the facilitator moves it). */
	phase: 'phase',
	/** The id of the topic on the table, or null. */
	onTable: 'onTable',
	/** The id of the one turn with status `live`, or null. */
	liveTurn: 'liveTurn',
	/** Participant ids of the queue's first places, frozen once shown (voices/queue.ts). */
	frozen: 'frozen',
	/** Whether a direct response may jump the queue. */
	responses: 'responses',
	/** Moves whenever the after-session changed; screens then fetch what they may see. */
	nazitVersion: 'nazitVersion',
	/** The shape of this doc (migrations.ts); absent on boards written before it was stored. */
	schemaVersion: 'schemaVersion'
} as const;

export type MetaKey = keyof typeof META_KEYS;

/** What each key holds once written. */
export type MetaValues = {
	phase: Phase;
	onTable: string | null;
	liveTurn: string | null;
	frozen: string[];
	responses: boolean;
	nazitVersion: number;
	schemaVersion: number;
};

/** Keys whose value only ever counts up: a change screens notice and act on. */
export const COUNTER_KEYS = ['nazitVersion'] as const satisfies readonly MetaKey[];
export type CounterKey = (typeof COUNTER_KEYS)[number];

function read<K extends MetaKey>(b: Board, key: K): MetaValues[K] | undefined {
	return b.meta.get(META_KEYS[key]) as MetaValues[K] | undefined;
}

function write<K extends MetaKey>(b: Board, key: K, value: MetaValues[K]): void {
	b.meta.set(META_KEYS[key], value);
}

export function getPhase(b: Board): Phase {
	return read(b, 'phase') ?? 'lobby';
}

export function setPhase(b: Board, phase: Phase): void {
	write(b, 'phase', phase);
}

export function getOnTable(b: Board): string | null {
	return read(b, 'onTable') ?? null;
}

export function setOnTable(b: Board, topicId: string | null): void {
	write(b, 'onTable', topicId);
}

export function getLiveTurnId(b: Board): string | null {
	return read(b, 'liveTurn') ?? null;
}

export function setLiveTurnId(b: Board, turnId: string | null): void {
	write(b, 'liveTurn', turnId);
}

export function getFrozen(b: Board): string[] {
	return read(b, 'frozen') ?? [];
}

export function setFrozen(b: Board, participantIds: string[]): void {
	write(b, 'frozen', participantIds);
}

/** Takes a person out of the frozen places (their hand went down, or they were removed). */
export function unfreeze(b: Board, participantId: string): void {
	const frozen = getFrozen(b);
	if (frozen.includes(participantId)) setFrozen(b, frozen.filter((id) => id !== participantId));
}

export function responsesEnabled(b: Board): boolean {
	return read(b, 'responses') === true;
}

export function setResponsesEnabled(b: Board, enabled: boolean): void {
	write(b, 'responses', enabled);
}

export function getCounter(b: Board, key: CounterKey): number {
	return read(b, key) ?? 0;
}

export function setCounter(b: Board, key: CounterKey, value: number): void {
	write(b, key, value);
}

/** The stored schema version, or null when the doc does not hold one (see migrations.ts). */
export function getStoredSchemaVersion(b: Board): number | null {
	const version = read(b, 'schemaVersion');
	return typeof version === 'number' ? version : null;
}

export function setSchemaVersion(b: Board, version: number): void {
	write(b, 'schemaVersion', version);
}
