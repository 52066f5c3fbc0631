// Attachment bytes live here, in the host's data directory, never in IPC frames or the
// renderer's cache. Each stored file is named by a keyed hash of its bytes (HMAC-SHA-256
// with a random key kept beside the files, 128 bits of it); the renderer receives
// `/attachments/<name>`, which both hosts serve from their own origin (Electron's
// app://parley, the browser host's 127.0.0.1 port). The name is the capability: without the
// key it cannot be guessed, so another local page or process cannot enumerate what the user
// received. Being derived from the bytes, the same file arriving again (a history page, a
// resync) is stored once.
//
// A protocol that sends a reference instead of the bytes (Netalo's uploads) gives a
// `source`: the name is then a keyed hash of the account and that source, the meta file
// remembers both, and the bytes are fetched through the account's adapter the first time the
// URL is asked for (and kept). So the renderer only ever loads from the host's own origin.

import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-file';
import { join } from 'node:path';
import type { Attachment } from '../../contract/domain';
import type { AttachmentData } from './adapter';
import type { Logger } from './logger';

export const ATTACHMENT_URL_PREFIX = '/attachments/';
const FILE_NAME = /^[0-9a-f]{32}$/;
/** Larger inline files are refused by the adapters already; this is the store's own guard. */
export const MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024;

export interface StoredFile {
  path: string;
  mimeType: string;
  name: string;
  size: number;
}

interface FileMeta {
  mimeType: string;
  name: string;
  /** For a file fetched on first use: whose adapter fetches it, and what it is called there. */
  remote?: { accountId: string; source: string };
}

/** Fetches a remote attachment's bytes through the account's adapter (the core provides it). */
export type RemoteFetcher = (accountId: string, source: string) => Promise<Uint8Array>;

const KEY_FILE = 'name-key';

export class AttachmentStore {
  private key: Promise<Buffer> | undefined;
  private fetchRemote: RemoteFetcher | undefined;
  /** One fetch per file however many requests ask for it at once. */
  private readonly fetching = new Map<string, Promise<void>>();

  constructor(
    private readonly dir: string,
    private readonly log: Logger,
  ) {}

  /** The naming key: read once, created on first use. */
  private nameKey(): Promise<Buffer> {
    this.key ??= (async () => {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      const path = join(this.dir, KEY_FILE);
      try {
        const stored = Buffer.from((await readFile(path, 'utf8')).trim(), 'hex');
        if (stored.length === 32) return stored;
      } catch {
        // first use
      }
      const key = randomBytes(32);
      await writeFileAtomic(path, key.toString('hex'));
      return key;
    })();
    return this.key;
  }

  /** How remote attachments are fetched (set once by the core). */
  setRemoteFetcher(fetcher: RemoteFetcher): void {
    this.fetchRemote = fetcher;
  }

  /**
   * Keeps the bytes (when the adapter had them) and answers what the renderer may see. A
   * remote attachment (`source`, no bytes) of `accountId` gets its URL now and its bytes on
   * first use.
   */
  async put(data: AttachmentData, accountId?: string): Promise<Attachment> {
    const base: Attachment = {
      id: data.id,
      kind: data.kind,
      name: data.name,
      mimeType: data.mimeType,
      size: data.bytes?.byteLength ?? data.size ?? 0,
      ...(data.width && data.height ? { width: data.width, height: data.height } : {}),
    };
    if (!data.bytes && data.source !== undefined && accountId !== undefined) return this.putRemote(base, accountId, data.source);
    if (!data.bytes) return base;
    if (data.bytes.byteLength > MAX_ATTACHMENT_BYTES) {
      this.log.warn('attachment too large to keep', { size: data.bytes.byteLength });
      return base;
    }
    const fileName = createHmac('sha256', await this.nameKey()).update(data.bytes).digest('hex').slice(0, 32);
    const path = join(this.dir, fileName);
    if (!(await exists(`${path}.json`))) {
      await writeFile(path, data.bytes, { mode: 0o600 });
      // The meta file last: a file counts as stored only once both are there.
      const meta: FileMeta = { mimeType: data.mimeType, name: data.name };
      await writeFile(`${path}.json`, JSON.stringify(meta), { mode: 0o600 });
    }
    return { ...base, url: ATTACHMENT_URL_PREFIX + fileName };
  }

  private async putRemote(base: Attachment, accountId: string, source: string): Promise<Attachment> {
    const fileName = createHmac('sha256', await this.nameKey()).update(`remote\0${accountId}\0${source}`).digest('hex').slice(0, 32);
    const path = join(this.dir, fileName);
    if (!(await exists(`${path}.json`))) {
      const meta: FileMeta = { mimeType: base.mimeType, name: base.name, remote: { accountId, source } };
      await writeFile(`${path}.json`, JSON.stringify(meta), { mode: 0o600 });
    }
    return { ...base, url: ATTACHMENT_URL_PREFIX + fileName };
  }

  /** Fetches a remote file's bytes into place (atomically: a half-fetched file is never served). */
  private fetchInto(fileName: string, path: string, remote: NonNullable<FileMeta['remote']>): Promise<void> {
    let running = this.fetching.get(fileName);
    if (!running) {
      const fetcher = this.fetchRemote;
      running = (async () => {
        if (!fetcher) throw new Error('no remote fetcher');
        const bytes = await fetcher(remote.accountId, remote.source);
        if (bytes.byteLength > MAX_ATTACHMENT_BYTES) throw new Error('remote attachment too large');
        await writeFileAtomic(path, bytes);
      })().finally(() => this.fetching.delete(fileName));
      this.fetching.set(fileName, running);
    }
    return running;
  }

  /**
   * The file behind `/attachments/<name>`; null for anything that is not one of ours, or a
   * remote file that cannot be fetched now (signed out, offline: asked again later).
   */
  async open(fileName: string): Promise<StoredFile | null> {
    if (!FILE_NAME.test(fileName)) return null;
    const path = join(this.dir, fileName);
    try {
      const meta = JSON.parse(await readFile(`${path}.json`, 'utf8')) as Partial<FileMeta>;
      if (meta.remote && !(await exists(path))) {
        try {
          await this.fetchInto(fileName, path, meta.remote);
        } catch (e) {
          this.log.info('remote attachment not fetched', { error: e instanceof Error ? e.message : String(e) });
          return null;
        }
      }
      const info = await stat(path);
      return {
        path,
        size: info.size,
        mimeType: typeof meta.mimeType === 'string' ? meta.mimeType : 'application/octet-stream',
        name: typeof meta.name === 'string' ? meta.name : fileName,
      };
    } catch {
      return null;
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Types a browser may show inline from our origin; anything else is offered as a download. */
const INLINE_TYPES = /^(image\/(png|jpeg|gif|webp|avif|bmp)|audio\/[\w.+-]+|video\/[\w.+-]+)$/;

/**
 * The headers both hosts answer an attachment with. The file came from another user, so it
 * is never treated as part of the app: no sniffing, a sandboxing CSP (an HTML or SVG file
 * opened directly cannot run script on our origin), and a download unless it is a plain
 * image, sound or video.
 */
export function attachmentHeaders(file: StoredFile, opts: { download?: boolean } = {}): Record<string, string> {
  const inline = INLINE_TYPES.test(file.mimeType);
  return {
    'Content-Type': inline ? file.mimeType : 'application/octet-stream',
    'Content-Length': String(file.size),
    // `?download=1` (files.save in the browser host): always a download, with its name.
    'Content-Disposition': `${inline && !opts.download ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Resource-Policy': 'same-origin',
    // The name is random and the bytes never change.
    'Cache-Control': 'private, max-age=31536000, immutable',
  };
}
