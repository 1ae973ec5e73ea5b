import { createHash } from 'node:crypto';

/**
 * The key of one (address, account) pair. The e-mail is hashed so that the throttle's state —
 * in this process or in Redis — holds no e-mail addresses, only what attempts were made.
 */
export function addressAccountKey(address: string, email: string): string {
	return `${address}|${createHash('sha256').update(email).digest('base64url')}`;
}
