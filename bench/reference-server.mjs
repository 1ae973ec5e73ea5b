#!/usr/bin/env node
/**
 * The reference for `bench:realtime`: the upstream y-websocket server (`@y/websocket-server`
 * 0.1.1, the last release on Yjs 13) exactly as its own bin wires it — one `setupWSConnection`
 * per socket, documents in memory, no authorisation, no persistence — but on a free port,
 * printed on start like our server does.
 */
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';

const wss = new WebSocketServer({ noServer: true });
const server = http.createServer((_request, response) => response.end('okay'));
server.on('upgrade', (request, socket, head) => wss.handleUpgrade(request, socket, head, (ws) => setupWSConnection(ws, request)));
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
// Its documents' awareness timers would keep the process alive.
process.on('SIGTERM', () => process.exit(0));
