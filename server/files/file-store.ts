// Uploaded files: the bytes on disk under the data directory (`files/<file_id>`), what is
// known about them in SQLite (schema migration 7: who uploaded it, its name, type and size,
// and which messages carry it). Bytes are written to a temporary file while they arrive,
// flushed, then renamed into place, and only then recorded: a file_id a client was given
// always has its bytes, across a crash or a restart.

import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db, Statement } from '../db';
import { fromSqlInt, toSqlId } from '../sql-ids';

export const FILES_DIR = 'files';
/** 128 random bits, hex: a file's ID cannot be guessed from another's. */
export const FILE_ID = /^[0-9a-f]{32}$/;

export interface StoredFileRecord {
  fileId: string;
  uploaderUin: string;
  name: string;
  mimeType: string;
  size: number;
  createdAt: number;
}

/** A file being written; `commit` makes it a stored file, `abort` removes every trace. */
export interface PendingUpload {
  write(chunk: Uint8Array): Promise<void>;
  commit(meta: { uploaderUin: string; name: string; mimeType: string; size: number }): Promise<StoredFileRecord>;
  abort(): Promise<void>;
}

export class FileStore {
  readonly dir: string;
  private readonly insert: Statement;
  private readonly byId: Statement;
  private readonly access: Statement;
  private readonly link: Statement;

  constructor(
    db: Db,
    dataDir: string,
    private readonly clock: () => number,
  ) {
    this.dir = join(dataDir, FILES_DIR);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.insert = db.prepare(
      `INSERT INTO files (file_id, uploader_uin, name, mime_type, size, created_at)
       VALUES (@fileId, @uploader, @name, @mimeType, @size, @createdAt)`,
    );
    this.byId = db.prepare('SELECT file_id, uploader_uin, name, mime_type, size, created_at FROM files WHERE file_id = ?');
    // The uploader, or a member of a conversation where a message carried the file.
    this.access = db.prepare(
      `SELECT 1 FROM files WHERE file_id = @fileId AND uploader_uin = @uin
       UNION ALL
       SELECT 1 FROM message_files mf JOIN group_members gm ON gm.group_id = mf.group_id AND gm.uin = @uin
       WHERE mf.file_id = @fileId
       LIMIT 1`,
    );
    this.link = db.prepare(
      'INSERT OR IGNORE INTO message_files (file_id, group_id, message_id) VALUES (@fileId, @groupId, @messageId)',
    );
  }

  /** Starts writing an upload into a temporary file beside the stored ones. */
  async begin(): Promise<PendingUpload> {
    const fileId = randomBytes(16).toString('hex');
    const temp = join(this.dir, `.upload-${fileId}`);
    const handle: FileHandle = await open(temp, 'wx', 0o600);
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await handle.close();
    };
    return {
      write: async (chunk) => {
        await handle.write(chunk);
      },
      commit: async (meta) => {
        await handle.sync();
        await close();
        await rename(temp, join(this.dir, fileId));
        const record: StoredFileRecord = { fileId, ...meta, createdAt: Math.floor(this.clock()) };
        this.insert.run({
          fileId,
          uploader: toSqlId(meta.uploaderUin),
          name: meta.name,
          mimeType: meta.mimeType,
          size: meta.size,
          createdAt: record.createdAt,
        });
        return record;
      },
      abort: async () => {
        await close().catch(() => undefined);
        await rm(temp, { force: true });
      },
    };
  }

  get(fileId: string): StoredFileRecord | undefined {
    if (!FILE_ID.test(fileId)) return undefined;
    const row = this.byId.get(fileId) as
      | { file_id: string; uploader_uin: bigint; name: string; mime_type: string; size: unknown; created_at: unknown }
      | undefined;
    if (!row) return undefined;
    return {
      fileId: row.file_id,
      uploaderUin: row.uploader_uin.toString(),
      name: row.name,
      mimeType: row.mime_type,
      size: fromSqlInt(row.size),
      createdAt: fromSqlInt(row.created_at),
    };
  }

  /** Whether `uin` may download the file: its uploader, or a member where it was sent. */
  mayRead(fileId: string, uin: string): boolean {
    return FILE_ID.test(fileId) && this.access.get({ fileId, uin: toSqlId(uin) }) !== undefined;
  }

  /** Records that a message carries the file (inside create_message's transaction). */
  linkToMessage(fileId: string, groupId: string, messageId: string): void {
    this.link.run({ fileId, groupId: toSqlId(groupId), messageId: toSqlId(messageId) });
  }

  pathOf(fileId: string): string {
    if (!FILE_ID.test(fileId)) throw new Error('not a file ID');
    return join(this.dir, fileId);
  }
}
