// Where the signed-in session survives a restart. The session holds a bearer token, so the
// file is private to the user (0600), replaced atomically (a crash mid-write leaves the old
// file or the new one, never half of each), and encrypted when the host can (Electron
// passes safeStorage). A file that cannot be read back means "signed out", never a crash.

import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { PROTOCOLS } from '../../contract/domain';
import type { AdapterSession } from './adapter';
import type { Logger } from './logger';

export interface SessionStore {
  load(): Promise<AdapterSession | null>;
  save(session: AdapterSession): Promise<void>;
  clear(): Promise<void>;
}

/** Supplied by the host: Electron's safeStorage (OS keychain), or nothing. */
export interface SessionCipher {
  encrypt(plainText: string): Buffer;
  decrypt(cipherText: Buffer): string;
}

export interface FileSessionStoreOptions {
  path: string;
  log: Logger;
  cipher?: SessionCipher;
}

const SessionSchema = z.object({
  protocol: z.enum(PROTOCOLS),
  serverUrl: z.string().min(1).max(2048),
  userId: z.string().min(1).max(128),
  username: z.string().min(1).max(256),
  displayName: z.string().max(256),
  token: z.string().min(1).max(16_384),
  expiresAt: z.number().optional(),
});

/** On disk: either the session itself, or its encrypted JSON in base64. Versioned for later. */
const FileSchema = z.union([
  z.object({ version: z.literal(1), session: z.unknown() }).strict(),
  z.object({ version: z.literal(1), encrypted: z.string().min(1) }).strict(),
]);

export class FileSessionStore implements SessionStore {
  private readonly path: string;
  private readonly log: Logger;
  private readonly cipher: SessionCipher | undefined;
  /** Writes and removals run one after another, so a save cannot overtake a clear. */
  private queue: Promise<void> = Promise.resolve();

  constructor(opts: FileSessionStoreOptions) {
    this.path = opts.path;
    this.log = opts.log;
    this.cipher = opts.cipher;
  }

  async load(): Promise<AdapterSession | null> {
    await this.queue;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if (errorCode(e) !== 'ENOENT') this.log.warn('session file unreadable; starting signed out', { code: errorCode(e) });
      return null;
    }
    try {
      return this.decode(text);
    } catch (e) {
      // Never log the content: it may be a token. The reason is enough to diagnose.
      this.log.warn('session file is corrupt; starting signed out', { reason: e instanceof Error ? e.message : 'unknown' });
      return null;
    }
  }

  async save(session: AdapterSession): Promise<void> {
    const body = this.encode(SessionSchema.parse(session));
    await this.enqueue(() => writeFileAtomic(this.path, body));
  }

  clear(): Promise<void> {
    return this.enqueue(() => rm(this.path, { force: true }));
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    const run = this.queue.then(job);
    // The queue survives a failed job; the caller still sees the failure.
    this.queue = run.catch(() => undefined);
    return run;
  }

  private encode(session: AdapterSession): string {
    const json = JSON.stringify(session);
    const file = this.cipher
      ? { version: 1, encrypted: this.cipher.encrypt(json).toString('base64') }
      : { version: 1, session };
    return JSON.stringify(file) + '\n';
  }

  private decode(text: string): AdapterSession {
    const file = FileSchema.parse(JSON.parse(text));
    if ('session' in file) return SessionSchema.parse(file.session);
    if (!this.cipher) throw new Error('the session is encrypted and no decryption is available');
    const json = this.cipher.decrypt(Buffer.from(file.encrypted, 'base64'));
    return SessionSchema.parse(JSON.parse(json));
  }
}

/** Same directory (so rename is atomic), private from the first byte, flushed before it replaces. */
async function writeFileAtomic(path: string, body: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(body, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}

function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

/** For tests and for a host that must not persist: forgets everything on exit. */
export class MemorySessionStore implements SessionStore {
  constructor(private session: AdapterSession | null = null) {}
  load(): Promise<AdapterSession | null> {
    return Promise.resolve(this.session);
  }
  save(session: AdapterSession): Promise<void> {
    this.session = session;
    return Promise.resolve();
  }
  clear(): Promise<void> {
    this.session = null;
    return Promise.resolve();
  }
}
