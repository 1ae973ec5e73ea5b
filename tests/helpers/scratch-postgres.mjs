/**
 * A PostgreSQL database of one's own on a shared server: created under a random name, dropped
 * (with any connections still open to it) afterwards, so runs on one machine never see each
 * other's data. Nothing is migrated here: whoever opens it first does that, as in production.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/**
 * @typedef {object} ScratchDatabase
 * @property {string} name
 * @property {string} url
 * @property {postgres.Sql} sql a small pool on the database, connected on first use
 * @property {() => Promise<void>} drop
 */

/**
 * @param {{ adminUrl?: string; prefix?: string }} [options] `prefix` tells whose database it is, e.g. `ot_test_`
 * @returns {Promise<ScratchDatabase>}
 */
export async function createScratchDatabase({ adminUrl = ADMIN_DATABASE_URL, prefix = 'ot_scratch_' } = {}) {
	const name = `${prefix}${randomBytes(6).toString('hex')}`;
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	const sql = postgres(url.toString(), { max: 2, onnotice: () => {} });
	return {
		name,
		url: url.toString(),
		sql,
		drop: async () => {
			await sql.end({ timeout: 5 });
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	};
}
