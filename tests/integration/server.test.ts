/**
 * The production server end to end over HTTP, with a temporary embedded database: the
 * foundation's promises as a newcomer and a phone would exercise them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/http-client';
import { startServer, type ProductionServer } from '../helpers/production-server.mjs';

let server: ProductionServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	await server?.stop();
});

const ADMIN = { name: 'Beheer', email: 'beheer@gemeente.example', password: 'een lange zin als wachtwoord' };
let facilitator: Client;
let gatheringId = '';
let joinCode = '';

describe('production server', () => {
	it('tells on start-up how to create the first account', () => {
		expect(server.output()).toContain('/signup to create the first (admin) account');
	});

	it('refuses to open the same embedded database from a second process', async () => {
		await expect(startServer({ dataDir: server.dataDir })).rejects.toThrow(/in use by process \d+/);
	});

	it('answers /healthz (alive) and /readyz (the database answers)', async () => {
		const response = await fetch(`${server.url}/healthz`);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok' });
		const ready = await fetch(`${server.url}/readyz`);
		expect(ready.status).toBe(200);
		expect(await ready.json()).toEqual({ status: 'ready', database: 'ok' });
	});

	it('sends security headers and a CSP with nonces on pages', async () => {
		const response = await fetch(`${server.url}/`);
		expect(response.status).toBe(200);
		const csp = response.headers.get('content-security-policy') ?? '';
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		expect(response.headers.get('referrer-policy')).toBe('same-origin');
	});

	it('speaks Dutch by default and English when the browser asks for it', async () => {
		const nl = await (await fetch(`${server.url}/login`)).text();
		expect(nl).toContain('<html lang="nl"');
		expect(nl).toContain('Inloggen');
		const en = await (await fetch(`${server.url}/login`, { headers: { 'accept-language': 'en-GB,en;q=0.9' } })).text();
		expect(en).toContain('<html lang="en"');
		expect(en).toContain('Log in');
	});

	it('remembers a chosen language and never redirects off-site', async () => {
		const visitor = new Client(server.url);
		const chosen = await visitor.post('/language', { locale: 'en', returnTo: '/login?x=1' });
		expect(chosen.status).toBe(303);
		expect(chosen.headers.get('location')).toBe('/login?x=1');
		expect(await (await visitor.get('/')).text()).toContain('<html lang="en"');
		for (const returnTo of ['//evil.example/x', 'https://evil.example', '/\\evil.example']) {
			const response = await visitor.post('/language', { locale: 'nl', returnTo });
			expect(response.headers.get('location'), returnTo).toBe('/');
		}
		expect((await visitor.post('/language', { locale: 'de', returnTo: '/' })).status).toBe(400);
	});

	it('creates the admin as the first account, with a Lucia-style session cookie', async () => {
		facilitator = new Client(server.url);
		const response = await facilitator.post('/signup', ADMIN);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/dashboard');
		const cookie = response.headers.getSetCookie().find((c) => c.startsWith('ot_session='))!;
		expect(cookie).toMatch(/^ot_session=[a-z2-7]{52};/);
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
		expect((await facilitator.get('/dashboard')).status).toBe(200);
	});

	it('refuses a second sign-up without an invite, and creates nothing', async () => {
		const stranger = new Client(server.url);
		const response = await stranger.post('/signup', { name: 'Tweede', email: 'tweede@example.org', password: 'nog een lange zin' });
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('Je hebt een uitnodiging nodig om een account te maken.');
		expect(stranger.cookies.has('ot_session')).toBe(false);
		const login = await stranger.post('/login', { email: 'tweede@example.org', password: 'nog een lange zin' });
		expect(login.status).toBe(400);
	});

	it('names every missing or malformed field of sign-up and log-in, in the page\'s language, and creates nothing', async () => {
		// A German browser gets the Dutch page (there are no German texts) and Dutch messages.
		const german = new Client(server.url, { 'accept-language': 'de-DE,de;q=0.9' });
		const signup = await german.post('/signup', { name: '', email: 'els@', password: '' });
		expect(signup.status).toBe(400);
		const html = await signup.text();
		for (const message of ['Vul een naam in.', 'Vul een geldig e-mailadres in', 'Vul je wachtwoord in.']) expect(html).toContain(message);
		expect(html).toMatch(/<form[^>]*novalidate/);
		const login = await german.post('/login', { email: '', password: '' });
		expect(login.status).toBe(400);
		const loginHtml = await login.text();
		expect(loginHtml).toContain('Vul je e-mailadres in.');
		expect(loginHtml).toContain('Vul je wachtwoord in.');
		expect(loginHtml).toMatch(/<form[^>]*novalidate/);
		const english = new Client(server.url, { 'accept-language': 'en' });
		expect(await (await english.post('/login', { email: 'els@example.org', password: '' })).text()).toContain('Enter your password.');
		expect(german.cookies.has('ot_session')).toBe(false);
	});

	it('refuses form posts from another origin (CSRF)', async () => {
		const response = await facilitator.post('/gatherings/new', { title: 'Vreemd' }, 'http://evil.example');
		expect(response.status).toBe(403);
	});

	it('refuses a gathering with bad input, with translated messages, and stores nothing', async () => {
		const response = await facilitator.post('/gatherings/new', { title: '', dotsPerParticipant: '2', maxDotsPerTopic: '5' });
		expect(response.status).toBe(400);
		const html = await response.text();
		expect(html).toContain('Vul een titel in.');
		expect(html).toContain('Kies minstens 1, en niet meer dan het aantal stippen per deelnemer.');
		expect(await (await facilitator.get('/dashboard')).text()).toContain('Je hebt nog geen bijeenkomsten.');
	});

	it('creates a gathering with a join code, link and QR code', async () => {
		const response = await facilitator.post('/gatherings/new', {
			title: 'Buurtavond De Esch',
			place: 'Buurthuis',
			date: '2026-12-10',
			dotsPerParticipant: '3',
			maxDotsPerTopic: '2',
			retentionDays: '30'
		});
		expect(response.status).toBe(303);
		const location = response.headers.get('location')!;
		expect(location).toMatch(/^\/g\/[a-z2-7]{26}$/);
		gatheringId = location.slice(3);
		const html = await (await facilitator.get(location)).text();
		joinCode = /\/j\/([2-9A-HJKMNP-Z]{6})/.exec(html)![1];
		expect(html).toContain(`${server.url}/j/${joinCode}`);
		// Opened on 127.0.0.1 of a server that listens there only (HOST=127.0.0.1): no phone could
		// open that link, and the join card says how to let them.
		expect(html).toContain('Start hem met HOST=0.0.0.0');
		expect(html).toContain('<svg');
		expect(await (await facilitator.get('/dashboard')).text()).toContain('Buurtavond De Esch');
	});

	it('keeps a gathering from other facilitators and from guests', async () => {
		const guest = new Client(server.url);
		const response = await guest.get(`/g/${gatheringId}`);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/login');
	});

	it('lets a phone join by code with a display name, and recognises it when it returns', async () => {
		const phone = new Client(server.url);
		const home = await phone.post('/?/join', { code: joinCode.toLowerCase().replace(/(...)/, '$1 ') });
		expect(home.status).toBe(303);
		expect(home.headers.get('location')).toBe(`/j/${joinCode}`);

		const joined = await phone.post(`/j/${joinCode}?/join`, { name: '  Anna  ' });
		expect(joined.status).toBe(303);
		const cookie = joined.headers.getSetCookie().find((c) => c.startsWith(`ot_g_${gatheringId}=`));
		expect(cookie).toMatch(/HttpOnly/i);
		const page = await (await phone.get(`/j/${joinCode}`)).text();
		expect(page).toContain('Welkom, Anna!');

		// Joining again from the same phone does not make a second participant.
		await phone.post(`/j/${joinCode}?/join`, { name: 'Anna twee' });
		const console = await (await facilitator.get(`/g/${gatheringId}`)).text();
		expect(console).toContain('Deelnemers (1)');
	});

	it('refuses a taken name (ignoring case), an empty one and control characters', async () => {
		const phone = new Client(server.url);
		for (const [name, message] of [
			['ANNA', 'Iemand in deze bijeenkomst heet al zo.'],
			['   ', 'Vul een naam in.'],
			['An\u0007na', 'onzichtbare of speciale tekens'],
			['x'.repeat(41), 'Deze naam is te lang']
		]) {
			const response = await phone.post(`/j/${joinCode}?/join`, { name });
			expect(response.status, name).toBe(400);
			expect(await response.text()).toContain(message);
		}
		expect([...phone.cookies.keys()].some((k) => k.startsWith('ot_g_'))).toBe(false);
	});

	it('refuses wrong and unknown codes with a clear message', async () => {
		const phone = new Client(server.url);
		const malformed = await phone.post('/?/join', { code: 'abc' });
		expect(malformed.status).toBe(400);
		expect(await malformed.text()).toContain('Een code heeft 6 tekens');
		const unknown = await phone.post('/?/join', { code: 'ZZZZZZ' });
		expect(unknown.status).toBe(404);
		expect(await unknown.text()).toContain('We kennen deze code niet.');
		expect((await phone.get('/j/ZZZZZZ')).status).toBe(404);
	});

	it('lets the facilitator rename and remove a participant', async () => {
		const phone = new Client(server.url);
		await phone.post(`/j/${joinCode}?/join`, { name: 'Bram' });
		const consoleHtml = await (await facilitator.get(`/g/${gatheringId}`)).text();
		const ids = [...consoleHtml.matchAll(/name="participantId" value="([a-z2-7]+)"/g)].map((m) => m[1]);
		const bramId = ids[ids.length - 1];
		expect((await facilitator.post(`/g/${gatheringId}?/rename`, { participantId: bramId, name: 'anna' })).status).toBe(400);
		expect((await facilitator.post(`/g/${gatheringId}?/rename`, { participantId: bramId, name: 'Bram B.' })).status).toBe(200);
		expect(await (await phone.get(`/j/${joinCode}`)).text()).toContain('Welkom, Bram B.!');
		expect((await facilitator.post(`/g/${gatheringId}?/remove`, { participantId: bramId })).status).toBe(200);
		// The removed phone is a stranger again and is asked for a name.
		expect(await (await phone.get(`/j/${joinCode}`)).text()).toContain('Hoe mogen we je noemen?');
	});

	it('slows log-ins of one address and account after five failures, even when the password is then right', async () => {
		const guesser = new Client(server.url);
		const statuses: number[] = [];
		for (let i = 0; i < 6; i++) {
			statuses.push((await guesser.post('/login', { email: ADMIN.email, password: `wrong guess ${i}` })).status);
		}
		expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
		expect(statuses[5]).toBe(429);
		const right = await guesser.post('/login', ADMIN);
		expect(right.status).toBe(429);
		expect(right.headers.get('retry-after')).toMatch(/^\d+$/);
		expect(await right.text()).toContain('Te veel pogingen. Probeer het over');
		expect(guesser.cookies.has('ot_session')).toBe(false);
	});

	it('ends the session on log-out', async () => {
		const token = facilitator.cookies.get('ot_session')!;
		expect((await facilitator.post('/logout', {})).status).toBe(303);
		expect(facilitator.cookies.has('ot_session')).toBe(false);
		const replay = await fetch(`${server.url}/dashboard`, { headers: { cookie: `ot_session=${token}` }, redirect: 'manual' });
		expect(replay.status).toBe(303);
		expect(replay.headers.get('location')).toBe('/login');
	});

	it('stops on SIGTERM within 10 s, closing the database', async () => {
		const { code, ms } = await server.stop();
		expect(code).toBe(0);
		expect(ms).toBeLessThan(10_000);
		expect(server.output()).toContain('SIGTERM received');
	});
});
