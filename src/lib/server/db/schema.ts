/**
 * The one relational schema, shared by the embedded PGlite and PostgreSQL. Live board state
 * (topics, dots, queue…) does not live here but in each gathering's Y.Doc; these tables hold
 * accounts, gatherings, participants and sessions.
 *
 * Secrets are never stored: session and invite ids are SHA-256 hashes of the tokens that
 * only the browser holds.
 */
import { sql } from 'drizzle-orm';
import {
	bigint,
	bigserial,
	boolean,
	customType,
	jsonb,
	check,
	date,
	index,
	integer,
	pgTable,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const users = pgTable(
	'users',
	{
		id: text('id').primaryKey(),
		/** Lower-cased and trimmed; the unique key for log-in. */
		email: text('email').notNull(),
		passwordHash: text('password_hash').notNull(),
		isAdmin: boolean('is_admin').notNull().default(false),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('users_email_key').on(t.email)]
);

export const gatherings = pgTable(
	'gatherings',
	{
		id: text('id').primaryKey(),
		ownerId: text('owner_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		place: text('place'),
		date: date('date', { mode: 'string' }),
		joinCode: text('join_code').notNull(),
		phase: text('phase').notNull().default('lobby'),
		dotsPerParticipant: integer('dots_per_participant').notNull().default(3),
		maxDotsPerTopic: integer('max_dots_per_topic').notNull().default(2),
		retentionDays: integer('retention_days').notNull().default(30),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('gatherings_join_code_key').on(t.joinCode),
		index('gatherings_owner_idx').on(t.ownerId),
		check('gatherings_phase_check', sql`${t.phase} in ('lobby', 'agenda', 'nazit', 'closed')`),
		check('gatherings_dots_check', sql`${t.maxDotsPerTopic} between 1 and ${t.dotsPerParticipant}`)
	]
);

export const participants = pgTable(
	'participants',
	{
		id: text('id').primaryKey(),
		gatheringId: text('gathering_id')
			.notNull()
			.references(() => gatherings.id, { onDelete: 'cascade' }),
		displayName: text('display_name').notNull(),
		/** Case-folded display name: names are unique within a gathering ignoring case. */
		nameKey: text('name_key').notNull(),
		/** Appointed by the facilitator to co-edit the notes: gets a write connection (full trust). */
		noteTaker: boolean('note_taker').notNull().default(false),
		/** Added by the facilitator for someone without a phone: no session ever belongs to them. */
		proxy: boolean('proxy').notNull().default(false),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('participants_gathering_name_key').on(t.gatheringId, t.nameKey)]
);

/**
 * Facilitator sessions (`userId`) and guest sessions (`participantId`, scoped to that one
 * participant and so to one gathering) share this table; exactly one of the two is set.
 */
export const sessions = pgTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
		participantId: text('participant_id').references(() => participants.id, {
			onDelete: 'cascade'
		}),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		createdAt: createdAt()
	},
	(t) => [
		index('sessions_user_idx').on(t.userId),
		index('sessions_participant_idx').on(t.participantId),
		check('sessions_owner_check', sql`(${t.userId} is null) <> (${t.participantId} is null)`)
	]
);

export const invites = pgTable('invites', {
	/** SHA-256 of the token in the invite link. */
	id: text('id').primaryKey(),
	createdBy: text('created_by')
		.notNull()
		.references(() => users.id, { onDelete: 'cascade' }),
	expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
	usedAt: timestamp('used_at', { withTimezone: true }),
	usedBy: text('used_by').references(() => users.id, { onDelete: 'set null' }),
	createdAt: createdAt()
});

/** Binary column for Yjs updates; PGlite gives Uint8Array, postgres.js a Buffer (a Uint8Array too). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea',
	toDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)),
	fromDriver: (value) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
});

/**
 * The durable log of each gathering's board: every Yjs update, in commit order. A board is
 * the latest snapshot plus the updates after it.
 */
export const boardUpdates = pgTable(
	'board_updates',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		gatheringId: text('gathering_id')
			.notNull()
			.references(() => gatherings.id, { onDelete: 'cascade' }),
		data: bytea('data').notNull(),
		createdAt: createdAt()
	},
	(t) => [index('board_updates_gathering_idx').on(t.gatheringId, t.id)]
);

export const boardSnapshots = pgTable('board_snapshots', {
	gatheringId: text('gathering_id')
		.primaryKey()
		.references(() => gatherings.id, { onDelete: 'cascade' }),
	data: bytea('data').notNull(),
	/** The last update folded into this snapshot. */
	upToId: bigint('up_to_id', { mode: 'number' }).notNull(),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

/**
 * Every command applied, by its client-generated id, written in the same transaction as its
 * update: a command resent after a lost answer finds its first result here.
 */
export const boardCommands = pgTable(
	'board_commands',
	{
		id: text('id').primaryKey(),
		gatheringId: text('gathering_id')
			.notNull()
			.references(() => gatherings.id, { onDelete: 'cascade' }),
		actorId: text('actor_id').notNull(),
		type: text('type').notNull(),
		result: jsonb('result').notNull(),
		createdAt: createdAt()
	},
	(t) => [index('board_commands_gathering_idx').on(t.gatheringId)]
);

export type User = typeof users.$inferSelect;
export type Gathering = typeof gatherings.$inferSelect;
export type Participant = typeof participants.$inferSelect;
export type Session = typeof sessions.$inferSelect;
