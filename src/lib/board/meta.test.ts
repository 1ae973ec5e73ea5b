import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { board } from './doc';
import {
	META_KEYS,
	getCounter,
	getFrozen,
	getLiveTurnId,
	getOnTable,
	getPhase,
	getStoredSchemaVersion,
	responsesEnabled,
	setCounter,
	setFrozen,
	setLiveTurnId,
	setOnTable,
	setPhase,
	setResponsesEnabled,
	setSchemaVersion,
	unfreeze
} from './meta';

describe('meta accessors', () => {
	it('read every key of a new board as its default', () => {
		const b = board(new Y.Doc());
		expect(getPhase(b)).toBe('lobby');
		expect(getOnTable(b)).toBeNull();
		expect(getLiveTurnId(b)).toBeNull();
		expect(getFrozen(b)).toEqual([]);
		expect(responsesEnabled(b)).toBe(false);
		expect(getCounter(b, 'nazitVersion')).toBe(0);
		expect(getStoredSchemaVersion(b)).toBeNull();
	});

	it('write each value under its one key and read it back', () => {
		const doc = new Y.Doc();
		const b = board(doc);
		setPhase(b, 'nazit');
		setOnTable(b, 't1');
		setLiveTurnId(b, 'turn1');
		setFrozen(b, ['a', 'b']);
		setResponsesEnabled(b, true);
		setCounter(b, 'nazitVersion', 4);
		setSchemaVersion(b, 2);
		expect(doc.getMap('meta').toJSON()).toEqual({
			phase: 'nazit',
			onTable: 't1',
			liveTurn: 'turn1',
			frozen: ['a', 'b'],
			responses: true,
			nazitVersion: 4,
			schemaVersion: 2
		});
		expect([getPhase(b), getOnTable(b), getLiveTurnId(b), getFrozen(b), responsesEnabled(b), getCounter(b, 'nazitVersion'), getStoredSchemaVersion(b)]).toEqual([
			'nazit',
			't1',
			'turn1',
			['a', 'b'],
			true,
			4,
			2
		]);
		setOnTable(b, null);
		setLiveTurnId(b, null);
		expect([getOnTable(b), getLiveTurnId(b)]).toEqual([null, null]);
	});

	it('unfreezes a person only when they hold a frozen place, and writes nothing otherwise', () => {
		const doc = new Y.Doc();
		const b = board(doc);
		setFrozen(b, ['a', 'b', 'c']);
		unfreeze(b, 'b');
		expect(getFrozen(b)).toEqual(['a', 'c']);
		let writes = 0;
		doc.on('update', () => writes++);
		unfreeze(b, 'zz');
		expect(writes).toBe(0);
	});

	it('ignores a stored schema version that is not a number', () => {
		const doc = new Y.Doc();
		doc.getMap('meta').set(META_KEYS.schemaVersion, '2');
		expect(getStoredSchemaVersion(board(doc))).toBeNull();
	});
});

/** Every .ts and .svelte file under `dir`. */
function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name);
		if (statSync(full).isDirectory()) return name === 'paraglide' ? [] : sourceFiles(full);
		return /\.(ts|svelte)$/.test(name) ? [full] : [];
	});
}

describe('the meta keys are spelled in one place', () => {
	it('no source file but meta.ts reads or writes `meta` directly', () => {
		const root = path.resolve(import.meta.dirname, '..', '..');
		const offenders = sourceFiles(root).filter(
			(file) => !file.endsWith(path.join('board', 'meta.ts')) && !file.endsWith('.test.ts') && /\bmeta\.(get|set|delete)\(/.test(readFileSync(file, 'utf8'))
		);
		expect(offenders.map((f) => path.relative(root, f))).toEqual([]);
	});
});
