// A file message's bytes while it waits in the outbox: one file per entry in the account's
// `uploads` directory, written and flushed before the entry is journalled, so a crash or a
// restart never leaves an entry whose bytes are gone. Removed once the message is sent.

import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Attachment, AttachmentKind } from '../../../contract/domain';
import type { UploadedFile } from '../adapter';
import { writeFileAtomic } from '../atomic-file';
import type { Logger } from '../logger';

export interface StagedFile {
  name: string;
  mimeType: string;
  size: number;
  width?: number;
  height?: number;
  /** The staged copy's file name in the staging directory. */
  staged: string;
  /** Where the sender's own copy is shown meanwhile (the host's attachment URL). */
  previewUrl?: string;
  /** Once uploaded: what the message names. */
  uploaded?: UploadedFile;
}

const STAGED_NAME = /^[0-9a-f]{32}$/;

export class FileStaging {
  constructor(private readonly dir: string) {}

  /** Writes the bytes (flushed, atomically) and answers the staged file's name. */
  async stage(entryKey: string, bytes: Uint8Array): Promise<string> {
    const name = createHash('sha256').update(entryKey).digest('hex').slice(0, 32);
    await writeFileAtomic(this.pathOf(name), bytes);
    return name;
  }

  pathOf(name: string): string {
    if (!STAGED_NAME.test(name)) throw new Error('not a staged file name');
    return join(this.dir, name);
  }

  async discard(name: string, log: Logger): Promise<void> {
    try {
      await rm(this.pathOf(name), { force: true });
    } catch (e) {
      log.warn('staged file not removed', { error: e instanceof Error ? e.message : String(e) });
    }
  }
}

export function attachmentKindOf(mimeType: string): AttachmentKind {
  if (/^image\/(png|jpeg|gif|webp)$/.test(mimeType)) return 'image';
  if (mimeType.startsWith('audio/')) return 'audio';
  if (mimeType.startsWith('video/')) return 'video';
  return 'file';
}

/** The sender's own view of a file not yet sent. */
export function stagedAttachment(f: StagedFile): Attachment {
  return {
    id: `staged-${f.staged}`,
    kind: attachmentKindOf(f.mimeType),
    name: f.name,
    mimeType: f.mimeType,
    size: f.size,
    ...(f.previewUrl ? { url: f.previewUrl } : {}),
    ...(f.width && f.height ? { width: f.width, height: f.height } : {}),
  };
}

/** A journal line's file, checked field by field (null: the whole entry is skipped). */
export function parseStagedFile(value: unknown): StagedFile | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const str = (x: unknown, max: number): x is string => typeof x === 'string' && x.length > 0 && x.length <= max;
  const int = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
  if (!str(v.name, 255) || !str(v.mimeType, 255) || !int(v.size) || !str(v.staged, 32) || !STAGED_NAME.test(v.staged)) return null;
  const file: StagedFile = { name: v.name, mimeType: v.mimeType, size: v.size, staged: v.staged };
  if (int(v.width) && int(v.height)) {
    file.width = v.width;
    file.height = v.height;
  }
  if (str(v.previewUrl, 512)) file.previewUrl = v.previewUrl;
  const u = v.uploaded as Record<string, unknown> | undefined;
  if (u && str(u.fileId, 256) && str(u.name, 255) && str(u.mimeType, 255) && int(u.size)) {
    file.uploaded = { fileId: u.fileId, name: u.name, mimeType: u.mimeType, size: u.size };
    if (int(u.width) && int(u.height)) {
      file.uploaded.width = u.width;
      file.uploaded.height = u.height;
    }
  }
  return file;
}
