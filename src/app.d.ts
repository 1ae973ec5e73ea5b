import type { Runtime } from '$lib/server/runtime';
import type { User } from '$lib/server/db/schema';

declare global {
	namespace App {
		interface Locals {
			runtime: Runtime;
			/** The proxy's X-Request-Id, or one made here; in logs and the response header. */
			requestId: string;
			user: User | null;
			/** Hash of the facilitator's session token, for log-out. */
			sessionId: string | null;
			/** Cookies are marked Secure when the app is reached over https. */
			secureCookies: boolean;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
