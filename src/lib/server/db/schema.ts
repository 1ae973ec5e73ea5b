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
	primaryKey,
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
		/**
		 * The name others see of this facilitator (presence on the board), chosen at sign-up and
		 * on the dashboard; never derived from the e-mail address. Null for accounts made before
		 * names were asked: they are shown by a neutral default until they choose one.
		 */
		displayName: text('display_name'),
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
		/** When the gathering was closed: the retention period runs from here. */
		closedAt: timestamp('closed_at', { withTimezone: true }),
		/** When its personal data was erased (by the retention job or the organiser). */
		erasedAt: timestamp('erased_at', { withTimezone: true }),
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
		/**
		 * The name's look-alike keys (`gatherings/name-skeleton.ts`): names that look the same
		 * cannot both be in a gathering. Null only for rows written before these keys existed
		 * until start-up fills them in, and for the later of two look-alike names that had both
		 * joined by then (the earlier one holds the key for both).
		 */
		nameSkeleton: text('name_skeleton'),
		nameSkeletonFolded: text('name_skeleton_folded'),
		/** Appointed by the facilitator to co-edit the notes: gets a write connection (full trust). */
		noteTaker: boolean('note_taker').notNull().default(false),
		/** Added by the facilitator for someone without a phone: no session ever belongs to them. */
		proxy: boolean('proxy').notNull().default(false),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('participants_gathering_name_key').on(t.gatheringId, t.nameKey),
		uniqueIndex('participants_gathering_name_skeleton_key').on(t.gatheringId, t.nameSkeleton),
		uniqueIndex('participants_gathering_name_skeleton_folded_key').on(t.gatheringId, t.nameSkeletonFolded)
	]
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
		id: text('id').notNull(),
		gatheringId: text('gathering_id')
			.notNull()
			.references(() => gatherings.id, { onDelete: 'cascade' }),
		actorId: text('actor_id').notNull(),
		type: text('type').notNull(),
		result: jsonb('result').notNull(),
		createdAt: createdAt()
	},
	// A command id names one command within its gathering: a phone resends to the same board.
	(t) => [primaryKey({ columns: [t.gatheringId, t.id] })]
);

/**
 * The after-session (nazit). Personal lines and contact details live here, never in the
 * board's Yjs document: a Yjs log keeps what it was sent, and these must be erasable.
 * Every share flag is the owner's consent for one field and starts off.
 */
export const nazitProfiles = pgTable('nazit_profiles', {
	participantId: text('participant_id')
		.primaryKey()
		.references(() => participants.id, { onDelete: 'cascade' }),
	gatheringId: text('gathering_id')
		.notNull()
		.references(() => gatherings.id, { onDelete: 'cascade' }),
	initiative: text('initiative').notNull().default(''),
	offer: text('offer').notNull().default(''),
	lookingFor: text('looking_for').notNull().default(''),
	email: text('email'),
	phone: text('phone'),
	/** "What I offer" and "what I look for" are shown to the others here (and used for introductions). */
	shareLines: boolean('share_lines').notNull().default(false),
	/** The initiative line, shown to connections (and the organisers of a follow-up group). */
	shareInitiative: boolean('share_initiative').notNull().default(false),
	shareEmail: boolean('share_email').notNull().default(false),
	sharePhone: boolean('share_phone').notNull().default(false),
	/** The name may appear in the organisers' report (the connection picture). */
	nameInReport: boolean('name_in_report').notNull().default(false),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

/** "I want to continue on this topic." */
export const nazitInterests = pgTable(
	'nazit_interests',
	{
		participantId: text('participant_id')
			.notNull()
			.references(() => participants.id, { onDelete: 'cascade' }),
		gatheringId: text('gathering_id')
			.notNull()
			.references(() => gatherings.id, { onDelete: 'cascade' }),
		topicId: text('topic_id').notNull(),
		createdAt: createdAt()
	},
	(t) => [primaryKey({ columns: [t.participantId, t.topicId] }), index('nazit_interests_gathering_idx').on(t.gatheringId)]
);

/** A request to follow up with someone; a connection is one that was accepted. */
export const followUps = pgTable(
	'follow_ups',
	{
		id: text('id').primaryKey(),
		gatheringId: text('gathering_id')
			.notNull()
			.references(() => gatherings.id, { onDelete: 'cascade' }),
		fromId: text('from_id')
			.notNull()
			.references(() => participants.id, { onDelete: 'cascade' }),
		toId: text('to_id')
			.notNull()
			.references(() => participants.id, { onDelete: 'cascade' }),
		topicId: text('topic_id'),
		status: text('status').notNull().default('pending'),
		createdAt: createdAt(),
		answeredAt: timestamp('answered_at', { withTimezone: true })
	},
	(t) => [
		uniqueIndex('follow_ups_pair_key').on(t.fromId, t.toId),
		index('follow_ups_gathering_idx').on(t.gatheringId),
		check('follow_ups_status_check', sql`${t.status} in ('pending', 'accepted', 'declined')`),
		check('follow_ups_not_self', sql`${t.fromId} <> ${t.toId}`)
	]
);

/** A topic with several continuers, turned into a group by the facilitator. */
export const followUpGroups = pgTable(
	'follow_up_groups',
	{
		id: text('id').primaryKey(),
		gatheringId: text('gathering_id')
			.notNull()
			.references(() => gatherings.id, { onDelete: 'cascade' }),
		topicId: text('topic_id').notNull(),
		/** Copied from the board when the group is made, so exports need no board. */
		topicTitle: text('topic_title').notNull(),
		contactId: text('contact_id').references(() => participants.id, { onDelete: 'set null' }),
		date: date('date', { mode: 'string' }),
		time: text('time'),
		place: text('place'),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('follow_up_groups_topic_key').on(t.gatheringId, t.topicId)]
);

export type User = typeof users.$inferSelect;
export type Gathering = typeof gatherings.$inferSelect;
export type Participant = typeof participants.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type NazitProfile = typeof nazitProfiles.$inferSelect;
export type FollowUp = typeof followUps.$inferSelect;
export type FollowUpGroup = typeof followUpGroups.$inferSelect;
