// Sign-up, sign-in and sign-out: where users, passwords and sessions meet.
// The HTTP API (http-api.ts) and the demo seed (demo.ts) both go through here.

import { HashGate } from './hash-gate';
import type { IdGenerator } from './ids';
import { DEFAULT_LIMITS } from './limits';
import { decoyPasswordHash, hashPassword, verifyPassword } from './passwords';
import type { ActiveSession, SessionStore } from './sessions';
import { UsernameTakenError, type UserRecord, type UserStore } from './users';

export interface SignedIn {
  session: string;
  expiresAt: number;
  user: UserRecord;
}

export class InvalidCredentialsError extends Error {
  constructor() {
    super('wrong username or password');
    this.name = 'InvalidCredentialsError';
  }
}

export class Accounts {
  constructor(
    private readonly users: UserStore,
    private readonly sessions: SessionStore,
    private readonly ids: IdGenerator,
    /** Every scrypt goes through it (HashGateBusyError when its queue is full). */
    private readonly gate: HashGate = new HashGate(DEFAULT_LIMITS.hashing),
  ) {}

  /** Creates the user and signs them in. Throws UsernameTakenError. Inputs already validated. */
  async signUp(details: { username: string; password: string; displayName?: string | null }): Promise<SignedIn> {
    const user = await this.createUser(details);
    return this.startSession(user);
  }

  /** Creates a user without a session (the demo seed). Throws UsernameTakenError. */
  async createUser(details: { username: string; password: string; displayName?: string | null }): Promise<UserRecord> {
    // Cheap early answer for the common case; the UNIQUE index still decides races.
    if (this.users.findForSignIn(details.username)) throw new UsernameTakenError();
    const passwordHash = await this.gate.run(() => hashPassword(details.password));
    return this.users.create({
      uin: this.ids.next(),
      username: details.username,
      displayName: details.displayName || details.username,
      passwordHash,
    });
  }

  /** Throws InvalidCredentialsError, taking as long for an unknown user as for a wrong password. */
  async signIn(credentials: { username: string; password: string }): Promise<SignedIn> {
    const found = this.users.findForSignIn(credentials.username);
    const ok = await this.gate.run(async () => verifyPassword(credentials.password, found?.passwordHash ?? (await decoyPasswordHash())), found?.uin ?? credentials.username.toLowerCase());
    if (!found || !ok) throw new InvalidCredentialsError();
    return this.startSession({ uin: found.uin, username: found.username, displayName: found.displayName });
  }

  /** Revokes the session; returns it (so its live sockets can be closed) or null if it was not active. */
  signOut(token: string | undefined): ActiveSession | null {
    return this.sessions.revoke(token);
  }

  private startSession(user: UserRecord): SignedIn {
    const { token, expiresAt } = this.sessions.issue(user.uin);
    return { session: token, expiresAt, user };
  }
}
