// One account's outbox on disk: an append-only journal of JSON lines, each flushed to disk
// (fdatasync) before the call that wrote it resolves. "Written before anything is sent"
// means exactly that: the user's message is on disk before a byte of it reaches the network.
//
// Why a journal rather than rewriting one JSON file per change: a burst of 50 queued
// messages costs 50 small appends instead of 50 whole-file rewrites, and a crash mid-append
// can only tear the last line, which replay skips (that write had not been acknowledged to
// anyone, so nothing acknowledged is lost). On open, the journal is compacted: replayed,
// then rewritten atomically with one line per live entry.

import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../atomic-file';
import type { Logger } from '../logger';

export interface JournalRecord<T> {
  /** upsert: the entry as it now is; remove: gone for good. */
  op: 'put' | 'remove';
  key: string;
  entry?: T;
}

export class Journal<T> {
  private handle: FileHandle | null = null;
  /** Appends run one after another: the file's order is the order of the calls. */
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private readonly log: Logger,
  ) {}

  /**
   * Replays the journal into a map (insertion order = first put order) and compacts it.
   * `parse` validates each entry; a line that fails is logged (no content) and skipped.
   */
  static async open<T>(
    path: string,
    parse: (value: unknown) => T | null,
    log: Logger,
  ): Promise<{ journal: Journal<T>; entries: Map<string, T> }> {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const entries = new Map<string, T>();
    let text = '';
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as { code?: string }).code !== 'ENOENT') throw e;
    }
    let skipped = 0;
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const record = parseRecord(line, parse);
      if (!record) {
        skipped += 1;
        continue;
      }
      if (record.op === 'remove') entries.delete(record.key);
      else if (record.entry !== undefined) entries.set(record.key, record.entry);
    }
    if (skipped > 0) log.warn('outbox journal had unreadable lines; skipped', { skipped });
    const journal = new Journal<T>(path, log);
    await journal.compact(entries);
    return { journal, entries };
  }

  put(key: string, entry: T): Promise<void> {
    return this.append({ op: 'put', key, entry });
  }

  remove(key: string): Promise<void> {
    return this.append({ op: 'remove', key });
  }

  async close(): Promise<void> {
    await this.queue;
    const handle = this.handle;
    this.handle = null;
    await handle?.close();
  }

  private append(record: JournalRecord<T>): Promise<void> {
    const line = JSON.stringify(record) + '\n';
    const run = this.queue.then(async () => {
      if (!this.handle) throw new Error('the outbox journal is closed');
      await this.handle.appendFile(line, 'utf8');
      await this.handle.datasync();
    });
    this.queue = run.catch((e: unknown) => {
      this.log.error('outbox journal write failed', { error: e instanceof Error ? e.message : String(e) });
    });
    return run;
  }

  /** Rewrites the file with the live entries only (atomically: old file or new, never half). */
  private async compact(entries: Map<string, T>): Promise<void> {
    const body = [...entries].map(([key, entry]) => JSON.stringify({ op: 'put', key, entry }) + '\n').join('');
    await writeFileAtomic(this.path, body);
    this.handle = await open(this.path, 'a', 0o600);
  }
}

function parseRecord<T>(line: string, parse: (value: unknown) => T | null): JournalRecord<T> | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null; // a torn last line after a crash
  }
  if (typeof value !== 'object' || value === null) return null;
  const { op, key, entry } = value as Record<string, unknown>;
  if (typeof key !== 'string' || key.length === 0 || key.length > 512) return null;
  if (op === 'remove') return { op, key };
  if (op !== 'put') return null;
  const parsed = parse(entry);
  return parsed === null ? null : { op, key, entry: parsed };
}
