// Attachment bytes live here, in the host's data directory, never in IPC frames or the
// renderer's cache. Each stored file is named by a keyed hash of its bytes (HMAC-SHA-256
// with a random key kept beside the files, 128 bits of it); the renderer receives
// `/attachments/<name>`, which both hosts serve from their own origin (Electron's
// app://parley, the browser host's 127.0.0.1 port). The name is the capability: without the
// key it cannot be guessed, so another local page or process cannot enumerate what the user
// received. Being derived from the bytes, the same file arriving again (a history page, a
// resync) is stored once.

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
}

const KEY_FILE = 'name-key';

export class AttachmentStore {
  private key: Promise<Buffer> | undefined;

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

  /** Keeps the bytes (when the adapter had them) and answers what the renderer may see. */
  async put(data: AttachmentData): Promise<Attachment> {
    const base: Attachment = {
      id: data.id,
      kind: data.kind,
      name: data.name,
      mimeType: data.mimeType,
      size: data.bytes?.byteLength ?? data.size ?? 0,
    };
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

  /** The file behind `/attachments/<name>`; null for anything that is not one of ours. */
  async open(fileName: string): Promise<StoredFile | null> {
    if (!FILE_NAME.test(fileName)) return null;
    const path = join(this.dir, fileName);
    try {
      const [info, metaText] = await Promise.all([stat(path), readFile(`${path}.json`, 'utf8')]);
      const meta = JSON.parse(metaText) as Partial<FileMeta>;
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
export function attachmentHeaders(file: StoredFile): Record<string, string> {
  const inline = INLINE_TYPES.test(file.mimeType);
  return {
    'Content-Type': inline ? file.mimeType : 'application/octet-stream',
    'Content-Length': String(file.size),
    'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Resource-Policy': 'same-origin',
    // The name is random and the bytes never change.
    'Cache-Control': 'private, max-age=31536000, immutable',
  };
}
