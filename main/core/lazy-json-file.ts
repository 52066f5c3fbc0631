// A small JSON file rewritten atomically a moment after changes (so a burst of changes costs
// one write), and at once on close. Unread counts and sync positions keep their state so.

import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-file';
import type { Logger } from './logger';

const SAVE_DELAY_MS = 200;

export class LazyJsonFile {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> = Promise.resolve();

  /** `snapshot` gives the file's whole content at the moment of writing. */
  constructor(
    private readonly path: string,
    private readonly what: string,
    private readonly log: Logger,
    private readonly snapshot: () => unknown,
  ) {}

  /** The parsed file, or undefined when there is none yet (a read or parse error is the caller's to judge). */
  async read(): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch {
      return undefined;
    }
    return JSON.parse(text) as unknown;
  }

  changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, SAVE_DELAY_MS);
    this.timer.unref?.();
  }

  /** Writes what is pending now and waits for every write. */
  async close(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      await this.save();
    }
    await this.saving;
  }

  private save(): Promise<void> {
    const body = JSON.stringify(this.snapshot());
    this.saving = this.saving
      .then(() => writeFileAtomic(this.path, body))
      .catch((e: unknown) => this.log.error(`could not save ${this.what}`, { error: e instanceof Error ? e.message : String(e) }));
    return this.saving;
  }
}
