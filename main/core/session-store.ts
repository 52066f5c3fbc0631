// Where the signed-in accounts survive a restart. Each holds a secret (a bearer token, or
// what talker needs to sign in again), so the file is private to the user (0600), replaced
// atomically, and encrypted when the host can (Electron passes safeStorage). A file that
// cannot be read back means "no accounts", never a crash.
//
// Format history: version 1 (Parley 0.1) held one Netalo session with a `token`; version 2
// holds a list of sessions with the adapter's opaque `secret`. A version-1 file is read as
// a one-account version-2 list and rewritten on the next save.

import { readFile, rm } from 'node:fs/promises';
import { z } from 'zod';
import { PROTOCOLS } from '../../contract/domain';
import type { AdapterSession } from './adapter';
import { writeFileAtomic } from './atomic-file';
import type { Logger } from './logger';

export interface SessionStore {
  load(): Promise<AdapterSession[]>;
  save(sessions: readonly AdapterSession[]): Promise<void>;
}

/**
 * Supplied by the host: Electron's safeStorage (OS keychain), or nothing. Either form is
 * accepted: Electron 45 deprecates safeStorage's synchronous calls for the async ones.
 */
export interface SessionCipher {
  encrypt(plainText: string): Buffer | Promise<Buffer>;
  decrypt(cipherText: Buffer): string | Promise<string>;
}

export interface FileSessionStoreOptions {
  path: string;
  log: Logger;
  cipher?: SessionCipher;
}

const MAX_ACCOUNTS = 50;

const common = {
  protocol: z.enum(PROTOCOLS),
  serverUrl: z.string().min(1).max(2048),
  userId: z.string().min(1).max(128),
  username: z.string().min(1).max(256),
  displayName: z.string().max(256),
  expiresAt: z.number().optional(),
};

const SessionSchema = z.object({
  ...common,
  secret: z.object({ version: z.number().int().min(1), value: z.string().min(1).max(65_536) }),
});

/** Parley 0.1's only session: Netalo, with its session string as `token`. */
const V1SessionSchema = z.object({ ...common, token: z.string().min(1).max(16_384) });

const FileSchema = z.union([
  z.object({ version: z.literal(2), sessions: z.unknown() }).strict(),
  z.object({ version: z.literal(2), encrypted: z.string().min(1) }).strict(),
  z.object({ version: z.literal(1), session: z.unknown() }).strict(),
  z.object({ version: z.literal(1), encrypted: z.string().min(1) }).strict(),
]);

export class FileSessionStore implements SessionStore {
  private readonly path: string;
  private readonly log: Logger;
  private readonly cipher: SessionCipher | undefined;
  /** Writes run one after another, so an older list can never overwrite a newer one. */
  private queue: Promise<void> = Promise.resolve();

  constructor(opts: FileSessionStoreOptions) {
    this.path = opts.path;
    this.log = opts.log;
    this.cipher = opts.cipher;
  }

  async load(): Promise<AdapterSession[]> {
    await this.queue;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if (errorCode(e) !== 'ENOENT') this.log.warn('accounts file unreadable; starting signed out', { code: errorCode(e) });
      return [];
    }
    try {
      return await this.decode(text);
    } catch (e) {
      // Never log the content: it holds secrets. The reason is enough to diagnose.
      this.log.warn('accounts file is corrupt; starting signed out', { reason: e instanceof Error ? e.message : 'unknown' });
      return [];
    }
  }

  save(sessions: readonly AdapterSession[]): Promise<void> {
    const valid = sessions.map((s) => SessionSchema.parse(s));
    const run = this.queue.then(async () =>
      valid.length === 0 ? rm(this.path, { force: true }) : writeFileAtomic(this.path, await this.encode(valid)),
    );
    // The queue survives a failed write; the caller still sees the failure.
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async encode(sessions: AdapterSession[]): Promise<string> {
    const json = JSON.stringify(sessions);
    const file = this.cipher
      ? { version: 2, encrypted: (await this.cipher.encrypt(json)).toString('base64') }
      : { version: 2, sessions };
    return JSON.stringify(file) + '\n';
  }

  private async decode(text: string): Promise<AdapterSession[]> {
    const file = FileSchema.parse(JSON.parse(text));
    let content: unknown;
    if ('encrypted' in file) {
      if (!this.cipher) throw new Error('the accounts are encrypted and no decryption is available');
      content = JSON.parse(await this.cipher.decrypt(Buffer.from(file.encrypted, 'base64')));
    } else {
      content = 'sessions' in file ? file.sessions : file.session;
    }
    if (file.version === 1) return [fromV1(V1SessionSchema.parse(content))];
    const list = z.array(z.unknown()).max(MAX_ACCOUNTS).parse(content);
    const sessions: AdapterSession[] = [];
    for (const item of list) {
      const parsed = SessionSchema.safeParse(item);
      if (parsed.success) sessions.push(parsed.data);
      else this.log.warn('dropped an unreadable saved account', { issues: parsed.error.issues.length });
    }
    return sessions;
  }
}

function fromV1(v1: z.output<typeof V1SessionSchema>): AdapterSession {
  const { token, ...rest } = v1;
  return { ...rest, secret: { version: 1, value: token } };
}

function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

/** For tests and for a host that must not persist: forgets everything on exit. */
export class MemorySessionStore implements SessionStore {
  private sessions: AdapterSession[];
  constructor(sessions: AdapterSession[] = []) {
    this.sessions = [...sessions];
  }
  load(): Promise<AdapterSession[]> {
    return Promise.resolve([...this.sessions]);
  }
  save(sessions: readonly AdapterSession[]): Promise<void> {
    this.sessions = [...sessions];
    return Promise.resolve();
  }
}
