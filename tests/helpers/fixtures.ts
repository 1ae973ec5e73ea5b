import type { Db } from '../../src/lib/server/db/client';
import { users } from '../../src/lib/server/db/schema';
import { generateId } from '../../src/lib/server/auth/tokens';
import { hashPassword } from '../../src/lib/server/auth/passwords';
import { createGathering } from '../../src/lib/server/gatherings/store';
import { checkGathering } from '../../src/lib/validation/gathering';

export const FIXTURE_PASSWORD = 'a long enough password';
let passwordHash: Promise<string> | null = null;
let counter = 0;

/** A facilitator account written straight to the table (sign-up rules are tested on their own). */
export async function makeUser(db: Db, isAdmin = false) {
	passwordHash ??= hashPassword(FIXTURE_PASSWORD);
	counter += 1;
	const [user] = await db
		.insert(users)
		.values({ id: generateId(), email: `facilitator${counter}@example.org`, passwordHash: await passwordHash, isAdmin })
		.returning();
	return user;
}

export async function makeGathering(db: Db, ownerId: string, title = 'Buurtavond De Esch') {
	const checked = checkGathering({ title });
	if (!checked.ok) throw new Error('fixture gathering is invalid');
	return createGathering(db, ownerId, checked.value);
}
