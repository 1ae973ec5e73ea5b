/**
 * The one-per-process state of the server: configuration, the database, the rate limits
 * and the WebSocket upgrade handler. It is kept on `globalThis` behind this accessor because
 * `vite dev` evaluates server modules in a second module graph; without it dev would open
 * the embedded database twice, which PGlite does not survive.
 *
 * `server.js` (production) reaches the same object through the same global symbol to route
 * upgrades and to close the database on shutdown.
 */
import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';
import type { Duplex } from 'node:stream';
import { openDatabase, type Database } from './db/client';
import { readConfig, type Config } from './env';
import { createRateLimits, type RateLimits } from './auth/limits';
import { countUsers } from './auth/accounts';
import { createUpgradeHandler } from './realtime/upgrade';
import { UpdateWriter } from './board/writer';
import { RoomRegistry } from './realtime/registry';
import { RealtimeServer } from './realtime/server';
import { COMMAND_RATE, CommandService } from './commands/execute';
import { startRetention } from './erasure/erase';
import { createLogger, type Logger } from './ops/log';
import { Metrics } from './ops/metrics';
import { watchEventLoop } from './ops/event-loop';
import { startCluster } from './cluster';
import { GuestSessionCache } from './auth/guest-cache';
import { GatheringOwners } from './gatherings/owners';
import type { BoardReader } from './board/reader';
import { createBoardReader } from './realtime/board-reader';
import { writeBatchInOrder } from './board/durable-log';
import { fillNameSkeletons } from './gatherings/participants';
import { lanUrls } from './gatherings/phone-origin';

export type Runtime = {
	config: Config;
	database: Database;
	limits: RateLimits;
	realtime: RealtimeServer;
	commands: CommandService;
	/** Boards for reading only (exports, reports): no live room is loaded for them. */
	boards: BoardReader;
	/** This node's remembered guest sessions; everything that ends or alters one forgets it here. */
	guests: GuestSessionCache;
	/** Who runs each gathering, remembered. */
	owners: GatheringOwners;
	metrics: Metrics;
	log: Logger;
	/** Readiness for a load balancer: the database, and Redis when configured (null: not used). */
	readiness(): Promise<{ database: boolean; redis: boolean | null }>;
	/** Routes a WebSocket upgrade request; the only entry point for realtime connections. */
	handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
	/** Shutdown, first step: realtime clients are sent away so that the HTTP server can drain. */
	disconnectClients(): void;
	/** True when no account exists yet, so the first visitor is told how to make the admin. */
	isEmpty(): Promise<boolean>;
	/** Plain-http addresses on this computer's local networks that phones could open, most likely first (for the start-up lines). */
	phoneUrls(port: number): string[];
	close(): Promise<void>;
};

const RUNTIME_KEY = Symbol.for('opentafel.runtime');
type Holder = { [RUNTIME_KEY]?: Promise<Runtime> };

export function getRuntime(env: Record<string, string | undefined> = process.env): Promise<Runtime> {
	const holder = globalThis as Holder;
	holder[RUNTIME_KEY] ??= createRuntime(readConfig(env)).catch((error) => {
		delete holder[RUNTIME_KEY];
		throw error;
	});
	return holder[RUNTIME_KEY];
}

async function createRuntime(config: Config): Promise<Runtime> {
	const database = await openDatabase(
		config.databaseUrl
			? { url: config.databaseUrl, migrationsDir: config.migrationsDir }
			: { dataDir: config.dataDir, migrationsDir: config.migrationsDir }
	);
	const log = createLogger({ format: config.cluster.logFormat, node: config.cluster.nodeId });
	// Before the first join: names that joined before look-alike keys existed get theirs.
	const skeletons = await fillNameSkeletons(database.db);
	if (skeletons.filled) log.info(`Look-alike keys given to ${skeletons.filled} participant(s)`, { clashes: skeletons.clashes });
	const metrics = new Metrics();
	// ── several nodes (REDIS_URL): log writes in per-gathering order, fan-out, shared limits ──
	const { redisUrl, redisPrefix, nodeId } = config.cluster;
	// Another node asks this one to close a person's sockets; `realtime` exists before any message can arrive.
	const disconnectLocal = (g: string, actor: string) => realtime.disconnectLocal(g, actor);
	const cluster = redisUrl ? startCluster({ redisUrl, prefix: redisPrefix, node: nodeId, db: database.db, metrics, log, disconnectLocal }) : null;
	// With several nodes another node may end a guest session: no node may remember one (auth/guest-cache.ts).
	const guests = new GuestSessionCache({ enabled: !cluster });
	const owners = new GatheringOwners(database.db);
	const writer = new UpdateWriter(database.db, (error) => log.error('Writing board updates failed', { error }), {
		write: cluster ? writeBatchInOrder : undefined,
		observeLagMs: (ms) => metrics.flushSeconds.observe(ms / 1000)
	});
	const registry = new RoomRegistry(database.db, writer, { cluster: cluster?.replicas, log });
	const commands = new CommandService(database.db, registry, Date.now, { limiter: cluster?.limiters('command', COMMAND_RATE), serialised: cluster?.commits, metrics });
	const realtime = new RealtimeServer(registry, {
		log,
		metrics,
		onDisconnectPerson: cluster ? (g, actor) => cluster.replicas.disconnectEverywhere(g, actor) : undefined
	});
	const boards = createBoardReader({ db: database.db, registry, closeOpenPresence: !cluster });
	const stopRetention = startRetention({ db: database.db, commands, guests }, log);
	// ── end several nodes ──
	metrics.gauge('opentafel_connections', 'Open realtime connections on this node.', () => realtime.connectionCount);
	metrics.gauge('opentafel_realtime_message_max_seconds', 'Longest time one client message held the event loop since this node started.', () => realtime.slowestMessageSeconds);
	const eventLoop = watchEventLoop(metrics.eventLoopDelay);
	metrics.gauge('opentafel_event_loop_delay_max_seconds', 'Longest event-loop stall since this node started.', eventLoop.maxSeconds);
	metrics.gauge('opentafel_loaded_boards', 'Boards (Y.Docs) loaded on this node.', () => registry.size);
	let closing: Promise<void> | null = null;
	return {
		config,
		database,
		limits: createRateLimits(cluster?.limits),
		realtime,
		commands,
		boards,
		guests,
		owners,
		metrics,
		log,
		readiness: async () => {
			const [db, redis] = await Promise.all([answers(database.ping()), cluster ? answers(cluster.ping()) : null]);
			return { database: db, redis };
		},
		handleUpgrade: createUpgradeHandler({ db: database.db, owners, guests, realtime, origin: config.origin }),
		disconnectClients: () => realtime.disconnectAll(),
		isEmpty: async () => (await countUsers(database.db)) === 0,
		phoneUrls: (port) => lanUrls({ interfaces: networkInterfaces(), protocol: 'http:', port }),
		// Order matters: sockets go, queued writes commit, rooms are destroyed, then the database closes.
		close: () =>
			(closing ??= (async () => {
				stopRetention();
				eventLoop.stop();
				await realtime.close();
				await writer.close();
				await cluster?.close();
				await database.close();
			})())
	};
}

/** Longer than this and a dependency counts as not answering. */
export const READY_TIMEOUT_MS = 2_000;

function answers(ping: Promise<void>): Promise<boolean> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS)));
	return Promise.race([ping.then(() => true, () => false), late]).finally(() => clearTimeout(timer));
}
