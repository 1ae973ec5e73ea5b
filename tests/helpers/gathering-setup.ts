/** Over HTTP, as people would: the admin, a gathering, and participants who joined it. */
import { Client } from './http-client';

/** The name the facilitator signs up with, as others see them. */
export const FACILITATOR_NAME = 'Els Jansen';

export type Setup = {
	facilitator: Client;
	facilitatorCookie: string;
	gatheringId: string;
	joinCode: string;
	join(name: string): Promise<{ client: Client; cookie: string }>;
};

export async function setUpGathering(baseUrl: string, fields: Record<string, string> = {}): Promise<Setup> {
	const facilitator = new Client(baseUrl);
	const signup = await facilitator.post('/signup', { name: FACILITATOR_NAME, email: 'host@example.org', password: 'een lange zin als wachtwoord' });
	if (signup.status !== 303) throw new Error(`sign-up failed: ${signup.status}`);
	const created = await facilitator.post('/gatherings/new', { title: 'Buurtavond', dotsPerParticipant: '3', maxDotsPerTopic: '2', ...fields });
	const gatheringId = created.headers.get('location')!.slice(3);
	const html = await (await facilitator.get(`/g/${gatheringId}`)).text();
	const joinCode = /\/j\/([2-9A-HJKMNP-Z]{6})/.exec(html)![1];
	const cookieOf = (client: Client) => [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	return {
		facilitator,
		facilitatorCookie: cookieOf(facilitator),
		gatheringId,
		joinCode,
		async join(name: string) {
			const client = new Client(baseUrl);
			const response = await client.post(`/j/${joinCode}?/join`, { name });
			if (response.status !== 303) throw new Error(`join failed: ${response.status}`);
			return { client, cookie: cookieOf(client) };
		}
	};
}
