// Attachment bytes live here, in the host's data directory, never in IPC frames or the
// renderer's cache. Each stored file gets a random 128-bit name; the renderer receives
// `/attachments/<name>`, which both hosts serve from their own origin (Electron's
// app://parley, the browser host's 127.0.0.1 port). The name is the capability: it cannot
// be guessed, so another local page or process cannot enumerate what the user received.

import { randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
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

export class AttachmentStore {
  constructor(
    private readonly dir: string,
    private readonly log: Logger,
  ) {}

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
    const fileName = randomBytes(16).toString('hex');
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFile(join(this.dir, fileName), data.bytes, { mode: 0o600 });
    const meta: FileMeta = { mimeType: data.mimeType, name: data.name };
    await writeFile(join(this.dir, `${fileName}.json`), JSON.stringify(meta), { mode: 0o600 });
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
