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
import type { Duplex } from 'node:stream';
import { openDatabase, type Database } from './db/client';
import { readConfig, type Config } from './env';
import { createRateLimits, type RateLimits } from './auth/rate-limit';
import { countUsers } from './auth/accounts';
import { createUpgradeHandler } from './realtime/upgrade';
import { UpdateWriter } from './board/writer';
import { RoomRegistry } from './realtime/registry';
import { RealtimeServer } from './realtime/server';
import { CommandService } from './commands/execute';
import { startRetention } from './nazit/erase';

export type Runtime = {
	config: Config;
	database: Database;
	limits: RateLimits;
	realtime: RealtimeServer;
	commands: CommandService;
	/** Routes a WebSocket upgrade request; the only entry point for realtime connections. */
	handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
	/** Shutdown, first step: realtime clients are sent away so that the HTTP server can drain. */
	disconnectClients(): void;
	/** True when no account exists yet, so the first visitor is told how to make the admin. */
	isEmpty(): Promise<boolean>;
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
	const writer = new UpdateWriter(database.db, (error) => console.error('Writing board updates failed:', error));
	const registry = new RoomRegistry(database.db, writer);
	const realtime = new RealtimeServer(registry);
	const commands = new CommandService(database.db, registry);
	const stopRetention = startRetention(database.db, commands);
	let closing: Promise<void> | null = null;
	return {
		config,
		database,
		limits: createRateLimits(),
		realtime,
		commands,
		handleUpgrade: createUpgradeHandler({ db: database.db, realtime, origin: config.origin }),
		disconnectClients: () => realtime.disconnectAll(),
		isEmpty: async () => (await countUsers(database.db)) === 0,
		// Order matters: sockets go, queued writes commit, rooms are destroyed, then the database closes.
		close: () =>
			(closing ??= (async () => {
				stopRetention();
				await realtime.close();
				await writer.close();
				await database.close();
			})())
	};
}
