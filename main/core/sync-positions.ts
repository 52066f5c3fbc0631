// Where one account's resync resumes, per conversation: the largest change position the core
// has seen (from a push or a resync), kept on disk so that a restart resumes instead of
// refetching or, worse, missing what happened while Parley was closed.
//
// `primed` says the account has synced once: after that, a conversation with no position is
// one that appeared while we were away, and all of it is news. Before it (a fresh sign-in),
// a conversation's history is not "missed": the sync starts at its head.

import type { Id } from '../../contract/domain';
import { LazyJsonFile } from './lazy-json-file';
import type { Logger } from './logger';

const DECIMAL = /^\d{1,20}$/;

export class SyncPositions {
  private readonly positions = new Map<Id, string>();
  private primedFlag = false;
  private readonly file: LazyJsonFile;

  private constructor(
    path: string,
    private readonly log: Logger,
  ) {
    this.file = new LazyJsonFile(path, 'sync positions', log, () => ({
      version: 1,
      primed: this.primedFlag,
      positions: Object.fromEntries(this.positions),
    }));
  }

  static async open(path: string, log: Logger): Promise<SyncPositions> {
    const positions = new SyncPositions(path, log);
    await positions.load();
    return positions;
  }

  get primed(): boolean {
    return this.primedFlag;
  }

  markPrimed(): void {
    if (this.primedFlag) return;
    this.primedFlag = true;
    this.file.changed();
  }

  get(conversationId: Id): string | undefined {
    return this.positions.get(conversationId);
  }

  /** Keeps the larger of what it holds and `position` (decimal strings, compared as numbers). */
  advance(conversationId: Id, position: string): void {
    if (!DECIMAL.test(position)) return;
    const held = this.positions.get(conversationId);
    if (held !== undefined && BigInt(held) >= BigInt(position)) return;
    this.positions.set(conversationId, position);
    this.file.changed();
  }

  /** Every conversation with a position: the ones this account has synced. */
  known(): Id[] {
    return [...this.positions.keys()];
  }

  forget(conversationId: Id): void {
    if (this.positions.delete(conversationId)) this.file.changed();
  }

  close(): Promise<void> {
    return this.file.close();
  }

  private async load(): Promise<void> {
    try {
      const file = (await this.file.read()) as { version?: unknown; primed?: unknown; positions?: Record<string, unknown> } | undefined;
      if (file === undefined) return; // none yet
      if (file.version !== 1 || typeof file.positions !== 'object' || file.positions === null) throw new Error('unknown format');
      this.primedFlag = file.primed === true;
      for (const [id, value] of Object.entries(file.positions)) if (typeof value === 'string' && DECIMAL.test(value)) this.positions.set(id, value);
    } catch (e) {
      // Unreadable: resync as after a fresh sign-in; the renderer's cache still holds history.
      this.log.warn('sync positions unreadable; starting over', { reason: e instanceof Error ? e.message : 'unknown' });
    }
  }
}
