// --demo: three users to try Parley with. Idempotent: a user that already exists (from an
// earlier --demo run on the same data directory) is left exactly as it is.

import type { Logger } from '../main/core/logger';
import type { Accounts } from './accounts';
import { UsernameTakenError } from './users';

export const DEMO_USERS = [
  { username: 'alice', displayName: 'Alice Martin', password: 'alice-parley' },
  { username: 'bob', displayName: 'Bob Okafor', password: 'bob-parley' },
  { username: 'carol', displayName: 'Carol Nguyen', password: 'carol-parley' },
] as const;

export async function seedDemoUsers(accounts: Accounts, log: Logger): Promise<void> {
  const created: string[] = [];
  for (const user of DEMO_USERS) {
    try {
      await accounts.createUser(user);
      created.push(user.username);
    } catch (e) {
      if (!(e instanceof UsernameTakenError)) throw e;
    }
  }
  log.info('demo users ready', { created, existing: DEMO_USERS.length - created.length });
}
