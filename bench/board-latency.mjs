#!/usr/bin/env node
/**
 * `npm run bench:board`: how fast a command reaches every screen, in the simplest set-up.
 * Starts the production server on a temporary embedded database, lets N phones join and
 * connect with the stock y-websocket client (all in this process; `bench:realtime` puts
 * them in processes of their own and goes to hundreds), then sends commands (addTopic,
 * spread over the phones to stay inside the rate limit) one after another and records, for
 * each command:
 *   - send → 200 (the answer comes only after the update is committed),
 *   - 200 → arrival at each phone (negative: it arrived before the answer),
 *   - send → arrival at the last phone.
 * Options: --clients 50 --commands 100.
 */
import { randomUUID } from 'node:crypto';
import {
	connectPhone,
	figure,
	joinMany,
	now,
	openGathering,
	option,
	printLatencies,
	printMachine,
	realtimeUrl,
	sendAcknowledged,
	signUpHost,
	sleep,
	startServer
} from './harness.mjs';

// Every provider adds a process 'exit' listener; fifty of them are expected here.
process.setMaxListeners(0);
const CLIENTS = option('clients', 50);
const COMMANDS = option('commands', 100);

const server = await startServer();
const host = await signUpHost(server.url);
const gathering = await openGathering(host);
const cookies = await joinMany(server.url, gathering.code, CLIENTS);
const phones = cookies.map((cookie) => ({ cookie, ...connectPhone(realtimeUrl(server.url), gathering.id, cookie), arrivals: new Map() }));
await Promise.all(phones.map((p) => p.synced));
for (const p of phones) {
	p.doc.getMap('topics').observe((event) => {
		const at = now();
		for (const key of event.keysChanged) if (!p.arrivals.has(key)) p.arrivals.set(key, at);
	});
}

const toAnswer = [];
const answerToArrival = [];
const toLastArrival = [];
for (let n = 0; n < COMMANDS; n++) {
	const phone = phones[n % phones.length];
	const id = randomUUID();
	const sent = now();
	await sendAcknowledged(server.url, gathering.id, phone.cookie, 'addTopic', { title: `Topic ${n}` }, id);
	const answered = now();
	toAnswer.push(answered - sent);
	const deadline = Date.now() + 10_000;
	while (phones.some((p) => !p.arrivals.has(id))) {
		if (Date.now() > deadline) throw new Error(`command ${n} did not reach every phone`);
		await sleep(1);
	}
	let last = 0;
	for (const p of phones) {
		const at = p.arrivals.get(id);
		answerToArrival.push(at - answered);
		last = Math.max(last, at);
	}
	toLastArrival.push(last - sent);
}

printMachine();
figure('board.phones', CLIENTS, 'phones');
figure('board.commands', COMMANDS, 'commands');
printLatencies('board.send-to-answer', toAnswer);
printLatencies('board.answer-to-each-phone', answerToArrival);
printLatencies('board.send-to-last-phone', toLastArrival);

for (const p of phones) p.destroy();
await server.stop();
