// The one path by which data reaches the screen. Each step (a batch of main's events, a
// page the renderer fetched, a command's answer, a thread read from the cache) runs in
// turn: its changes are written in ONE Dexie transaction, then the store is updated in ONE
// `set` with what Dexie now holds. Steps never interleave, so the store can never hold
// something older than the cache, and a thread read from the cache sees every write before it.

import type { Presence, TypingState, User } from '../contract';
import type { ParleyDb, StoredMessage } from '../db/database';
import { emptyWriteResult, writeChanges, type DataOp, type WriteResult } from '../db/writer';
import type { ParleyStore } from '../store';
import { applyStoreBatch, reduceAccounts, type AccountOp } from '../store/batch';
import type { UnreadTotals } from '../store/sessionSlice';
import type { UiState } from '../store/uiSlice';

export interface Step {
  accountOps?: AccountOp[];
  ops?: DataOp[];
  /** Accounts whose cached conversations the view does not hold yet. */
  load?: string[];
  threads?: Array<{ ref: string; rows: readonly StoredMessage[] }>;
  typing?: TypingState[];
  presence?: Presence[];
  users?: Array<{ accountId: string; user: User }>;
  unread?: UnreadTotals;
  cacheShown?: boolean;
  ui?: Partial<UiState>;
}

export class Pipeline {
  private chain: Promise<unknown> = Promise.resolve();
  private queued = 0;

  constructor(
    private readonly db: ParleyDb,
    private readonly store: ParleyStore,
  ) {}

  /**
   * Runs a step after every step queued before it. `produce` runs in turn too, so a read
   * it makes (a thread from the cache) sees every earlier write. Resolves with what was written.
   */
  run(produce: Step | (() => Promise<Step | null> | Step | null)): Promise<WriteResult> {
    this.queued++;
    const next = this.chain.then(async () => {
      const step = typeof produce === 'function' ? await produce() : produce;
      return step ? this.apply(step) : emptyWriteResult();
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** How many steps have been queued so far: a caller can tell whether another was queued after its own. */
  get queuedCount(): number {
    return this.queued;
  }

  /** Resolves once every step queued so far has been applied. */
  settled(): Promise<void> {
    return this.chain.then(() => undefined);
  }

  private async apply(step: Step): Promise<WriteResult> {
    const before = this.store.getState();
    // Receipts move only our own messages: who "we" are per account, after this step's account changes.
    const accounts = step.accountOps?.length ? reduceAccounts(before, step.accountOps).accounts : before.accounts;
    const myUserIds: Record<string, string> = {};
    for (const [id, status] of Object.entries(accounts)) myUserIds[id] = status.account.userId;
    const load = (step.load ?? []).filter((id) => id in accounts);
    const written =
      step.ops?.length || load.length
        ? await writeChanges(this.db, step.ops ?? [], { load, myUserIds })
        : emptyWriteResult();
    const state = this.store.getState();
    this.store.setState(
      applyStoreBatch(state, {
        ...(step.accountOps ? { accountOps: step.accountOps } : {}),
        written,
        ...(step.threads ? { threads: step.threads } : {}),
        ...(step.typing ? { typing: step.typing } : {}),
        ...(step.presence ? { presence: step.presence } : {}),
        ...(step.users ? { users: step.users } : {}),
        ...(step.unread ? { unread: step.unread } : {}),
        ...(step.cacheShown ? { cacheShown: true } : {}),
        ...(step.ui ? { ui: step.ui } : {}),
      }),
    );
    return written;
  }
}
