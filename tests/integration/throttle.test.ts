/**
 * Limits that fall on the guesser, not on the hall that shares their address: the production
 * server behind a (pretend) proxy, so that each test client can come from its own address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/http-client';
import { startServer, type ProductionServer } from '../helpers/production-server.mjs';
import { setUpGathering, type Setup } from '../helpers/gathering-setup';

let server: ProductionServer;
let setup: Setup;
const HOST = { email: 'host@example.org', password: 'een lange zin als wachtwoord' };

beforeAll(async () => {
	server = await startServer({ env: { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' } });
	setup = await setUpGathering(server.url);
});
afterAll(async () => {
	await server?.stop();
});

/** A browser at `address`, as the proxy would report it. */
const from = (address: string) => new Client(server.url, { 'x-forwarded-for': address });

/** Codes in the alphabet that are certainly not the gathering's. */
function unknownCodes(count: number, known: string): string[] {
	const codes = Array.from({ length: count }, (_, i) => `ZZZZ${'23456789ABCDEFGHJKMNPQRSTUVWXY'[Math.floor(i / 30)]}${'23456789ABCDEFGHJKMNPQRSTUVWXY'[i % 30]}`);
	return codes.filter((c) => c !== known);
}

describe('join codes from one address (a village hall behind NAT)', () => {
	it('counts only unknown codes, slows the address past its budget, and lets the right code and participants through', async () => {
		const hall = '198.51.100.10';
		const participant = from(hall);
		expect((await participant.post(`/j/${setup.joinCode}?/join`, { name: 'Al binnen' })).status).toBe(303);
		// Lookups of a code that exists cost nothing, however many.
		for (let i = 0; i < 25; i++) expect((await from(hall).get(`/j/${setup.joinCode}`)).status).toBe(200);

		const statuses: number[] = [];
		for (const code of unknownCodes(22, setup.joinCode)) statuses.push((await from(hall).get(`/j/${code}`)).status);
		expect(statuses.slice(0, 20)).toEqual(Array(20).fill(404));
		expect(statuses.slice(20)).toEqual([429, 429]);
		const limited = await from(hall).get('/j/ZZZZYY');
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect(await limited.text()).toContain('Te veel pogingen. Probeer het over');

		// Someone who already joined gets their board at once.
		const started = Date.now();
		const board = await participant.get(`/j/${setup.joinCode}`);
		expect(board.status).toBe(200);
		expect(await board.text()).toContain('Welkom, Al binnen!');
		expect(Date.now() - started).toBeLessThan(1_000);
		// A newcomer with the right code is slowed (one lookup per 2 s here), never refused.
		const newcomer = from(hall);
		const page = await newcomer.get(`/j/${setup.joinCode}`);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Hoe mogen we je noemen?');
		expect((await newcomer.post(`/j/${setup.joinCode}?/join`, { name: 'Nieuw' })).status).toBe(303);
		// The home page's code field follows the same rules.
		const typed = await from(hall).post('/?/join', { code: 'ZZZZYX' });
		expect(typed.status).toBe(429);
		expect(typed.headers.get('retry-after')).toBeTruthy();
	});

	it('keeps other addresses out of it', async () => {
		expect((await from('203.0.113.5').get('/j/ZZZZYW')).status).toBe(404);
		expect((await from('203.0.113.5').get(`/j/${setup.joinCode}`)).status).toBe(200);
	});
});

describe('log-in throttling', () => {
	it('keeps the right password working from a clean address while another address hammers the account', async () => {
		const attacker = from('192.0.2.66');
		const statuses: number[] = [];
		for (let i = 0; i < 8; i++) statuses.push((await attacker.post('/login', { email: HOST.email, password: `fout ${i}` })).status);
		expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
		expect(statuses.slice(5)).toEqual([429, 429, 429]);
		// Even the right password waits from the hammering address: it was not checked.
		const refused = await attacker.post('/login', HOST);
		expect(refused.status).toBe(429);
		const seconds = Number(refused.headers.get('retry-after'));
		expect(seconds).toBeGreaterThanOrEqual(1);
		expect(seconds).toBeLessThanOrEqual(15);
		expect(await refused.text()).toMatch(/Te veel pogingen. Probeer het over \d+ seconden? opnieuw./);
		expect(attacker.cookies.has('ot_session')).toBe(false);

		const host = from('192.0.2.7');
		const loggedIn = await host.post('/login', HOST);
		expect(loggedIn.status).toBe(303);
		expect(loggedIn.headers.get('location')).toBe('/dashboard');
		expect(host.cookies.has('ot_session')).toBe(true);
	});

	it('says how long to wait in English too', async () => {
		const attacker = new Client(server.url, { 'x-forwarded-for': '192.0.2.67', 'accept-language': 'en' });
		for (let i = 0; i < 5; i++) await attacker.post('/login', { email: HOST.email, password: `wrong ${i}` });
		const refused = await attacker.post('/login', { email: HOST.email, password: 'wrong again' });
		expect(refused.status).toBe(429);
		expect(await refused.text()).toMatch(/Too many attempts. Try again in \d+ seconds?\./);
	});
});
