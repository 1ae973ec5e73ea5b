/**
 * Production entry. adapter-node's request handler inside our own http server, so that the
 * same port also takes WebSocket upgrades (SvelteKit has no WebSocket routes).
 *
 * Shutdown on SIGTERM/SIGINT: stop accepting, let in-flight requests finish, close the
 * database, exit. A hard deadline keeps a stuck connection from holding the process past
 * what a process manager waits for.
 */
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
// Migrations and other files the app ships with are found beside this file, whatever the cwd.
process.env.OPENTAFEL_ROOT ??= root;

// An empty variable (as copied from .env.example) means "not set"; adapter-node would refuse
// an empty ORIGIN outright.
for (const [key, value] of Object.entries(process.env)) if (value === '') delete process.env[key];

// adapter-node assumes https when it is told neither ORIGIN nor PROTOCOL_HEADER, which makes
// SvelteKit's origin check refuse every form posted to a plain http://localhost:3000. Unless
// the operator configured one of them (behind a TLS proxy they must), the protocol is taken
// from the connection itself, written into a header of ours that overwrites anything a
// client sent under that name.
const CONNECTION_PROTOCOL_HEADER = 'x-opentafel-connection-protocol';
const useConnectionProtocol = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
if (useConnectionProtocol) process.env.PROTOCOL_HEADER = CONNECTION_PROTOCOL_HEADER;

/**
 * A throw that escapes every boundary is a bug of ours, not a client's doing: each realtime
 * message and each request has its own boundary, so no client byte gets here. The process
 * state is then unknown; it logs the error and exits, and the process manager starts it again
 * (deploy/opentafel@.service: Restart=on-failure). Acknowledged commands are already durable,
 * and phones reconnect by themselves (see "Performance" in the README for how long that takes).
 */
let log = null;
function exitOnBug(kind) {
	return (error) => {
		const fields = { error: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined };
		if (log) log.error(`${kind}: exiting so that the process manager restarts this node`, fields);
		else console.error(`${kind}: exiting so that the process manager restarts this node`, error);
		process.exit(1);
	};
}
process.on('uncaughtException', exitOnBug('Uncaught exception'));
process.on('unhandledRejection', exitOnBug('Unhandled rejection'));

const SHUTDOWN_DEADLINE_MS = 10_000;
/** Idle keep-alive connections are closed at once; busy ones get this long to finish. */
const DRAIN_MS = 8_000;
const RUNTIME_KEY = Symbol.for('opentafel.runtime');

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST || '0.0.0.0';
if (!Number.isInteger(port) || port < 0 || port > 65535) {
	console.error(`PORT must be a port number, not ${process.env.PORT}`);
	process.exit(1);
}

// Importing the handler runs the app's `init` hook: configuration is read, the database is
// opened and migrated. A failure there is fatal and reported plainly.
let handler;
try {
	({ handler } = await import('./build/handler.js'));
} catch (error) {
	console.error('Open Tafel could not start:', error instanceof Error ? error.message : error);
	process.exit(1);
}
const runtime = await globalThis[RUNTIME_KEY];
log = runtime.log;

const server = http.createServer((request, response) => {
	if (useConnectionProtocol) {
		request.headers[CONNECTION_PROTOCOL_HEADER] = request.socket.encrypted ? 'https' : 'http';
	}
	handler(request, response);
});
server.on('upgrade', (request, socket, head) => runtime.handleUpgrade(request, socket, head));

server.on('error', async (error) => {
	const busy = error.code === 'EADDRINUSE';
	runtime.log.error(busy ? `Port ${port} is already in use: stop what runs there, or start with another PORT.` : `Open Tafel could not listen: ${error.message}`);
	await runtime.close().catch(() => {});
	process.exit(1);
});

const empty = await runtime.isEmpty();
server.listen(port, host, () => {
	const address = server.address();
	const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
	// This node's own address (behind a proxy several nodes share one ORIGIN; each has its port).
	const url = `http://${shownHost}:${address.port}`;
	const origin = process.env.ORIGIN || null;
	const data = runtime.database.kind === 'pglite' ? `embedded database in ${runtime.config.dataDir}` : 'PostgreSQL';
	// Where phones in the room can reach this server: `localhost` on a phone is the phone itself.
	const everyInterface = host === '0.0.0.0' || host === '::';
	const phoneUrls = everyInterface ? runtime.phoneUrls(address.port) : [];
	if (runtime.log.format === 'json') {
		runtime.log.info('Open Tafel is listening', { url, origin, phoneUrls, data, noAccountsYet: empty });
		return;
	}
	const lines = [`Open Tafel is listening on ${url}`];
	if (origin && origin !== url) lines.push(`Public address: ${origin}`);
	else if (phoneUrls.length > 0) lines.push(`Phones on the same network open: ${phoneUrls.join('  or  ')}`);
	else if (everyInterface) lines.push('Phones cannot reach this computer yet: it has no network address. Connect it to the Wi-Fi (or a hotspot).');
	else if (/^(127\.|localhost$|::1$)/.test(host)) lines.push(`Listening on ${host} only: phones cannot reach it. Start with HOST=0.0.0.0 to let them.`);
	lines.push(`Data: ${data}`);
	if (empty) lines.push(`No accounts yet: open ${origin ?? url}/signup to create the first (admin) account.`);
	console.log(lines.join('\n'));
});

let shuttingDown = false;
async function shutdown(signal) {
	if (shuttingDown) return;
	shuttingDown = true;
	runtime.log.info(`${signal} received: finishing requests and closing the database.`);
	const deadline = setTimeout(() => {
		runtime.log.error('Shutdown took too long; exiting.');
		process.exit(1);
	}, SHUTDOWN_DEADLINE_MS);
	deadline.unref();
	const drain = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
	drain.unref();
	const closed = new Promise((resolve) => server.close(resolve));
	server.closeIdleConnections();
	// WebSockets count as open connections: send them away, or the server never drains.
	runtime.disconnectClients();
	await closed;
	process.emit('sveltekit:shutdown', signal);
	try {
		await runtime.close();
	} catch (error) {
		runtime.log.error('Closing the database failed', { error });
	}
	process.exit(0);
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
