// The one path by which data reaches the screen. Each step (a batch of main's events, a
// page the renderer fetched, a command's answer, a thread read from the cache) runs in
// turn: its changes are written in ONE Dexie transaction, and the store is updated in ONE
// `set` with what that write leaves, as soon as the write has worked it out (while the
// browser commits it: painting does not wait for the disk). Steps never interleave, so the
// store can never hold something older than the cache, and a thread read from the cache
// sees every write before it. A write that fails after its step was shown is made once
// more; if that fails too the step fails, as a failed write always did.

import type { Presence, TypingState, User } from '../contract';
import type { ParleyDb, StoredMessage } from '../db/database';
import { emptyWriteResult, writeChanges, type DataOp, type WriteResult } from '../db/writer';
import type { ParleyState, ParleyStore } from '../store';
import { applyStoreBatch, reduceAccounts, type AccountOp, type StoreBatch } from '../store/batch';
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

/**
 * A step that leaves this many messages or more (a burst, a page) is shown in a task of its
 * own, after the one that applied its changes and placed its first writes: each half of the
 * work is then a task of its own, and neither holds the page for long. Smaller steps (a
 * message as it arrives) are shown in the same task, without waiting a task to be painted.
 */
export const SHOW_APART_ROWS = 50;

/**
 * While a burst's steps queue up one behind the other, a large step shown less than this long
 * after the last show waits for the next one (or for this long to pass): the screen follows a
 * burst a few times a second instead of once per step. Each show of a large step is a render
 * with its rows mounted and laid out, tens of milliseconds on a busy machine: one per step of a
 * 5,000-message burst made a dozen and more, and each could be a long task (bench B5). A
 * message as it arrives, or the last step of a burst, is never held.
 */
export const BURST_SHOW_MS = 150;

/** A large step's show waiting for the next show (BURST_SHOW_MS). */
interface HeldShow {
  step: Step;
  written: WriteResult;
  shown: () => void;
  failed: (error: unknown) => void;
}

/** Resolves in a new task (a message to ourselves: no timer clamping), letting the page paint and handle input in between. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export class Pipeline {
  private chain: Promise<unknown> = Promise.resolve();
  private queued = 0;
  /** Large steps' shows held for the next show, in step order. */
  private held: HeldShow[] = [];
  private heldTimer: ReturnType<typeof setTimeout> | null = null;
  /** When the store last took a show (performance.now()). */
  private lastShownAt = -Infinity;

  constructor(
    private readonly db: ParleyDb,
    private readonly store: ParleyStore,
  ) {}

  /**
   * Runs a step after every step queued before it. `produce` runs in turn too, so a read
   * it makes (a thread from the cache) sees every earlier write. Resolves with what was written.
   */
  run(produce: Step | (() => Promise<Step | null> | Step | null)): Promise<WriteResult> {
    const position = ++this.queued;
    const next = this.chain.then(async () => {
      const step = typeof produce === 'function' ? await produce() : produce;
      return step ? this.apply(step, position) : { written: emptyWriteResult(), shown: Promise.resolve() };
    });
    // The next step starts once this one is written; its caller hears once it is shown too.
    this.chain = next.catch(() => undefined);
    return next.then(async ({ written, shown }) => {
      await shown;
      return written;
    });
  }

  /** How many steps have been queued so far: a caller can tell whether another was queued after its own. */
  get queuedCount(): number {
    return this.queued;
  }

  /** Resolves once every step queued so far has been applied (and shown). */
  settled(): Promise<void> {
    return this.chain.then(() => this.showHeld());
  }

  private async apply(step: Step, position: number): Promise<{ written: WriteResult; shown: Promise<void> }> {
    const before = this.store.getState();
    // Receipts move only our own messages: who "we" are per account, after this step's account changes.
    const accounts = step.accountOps?.length ? reduceAccounts(before, step.accountOps).accounts : before.accounts;
    const myUserIds: Record<string, string> = {};
    for (const [id, status] of Object.entries(accounts)) myUserIds[id] = status.account.userId;
    const load = (step.load ?? []).filter((id) => id in accounts);
    if (!step.ops?.length && !load.length) {
      const written = emptyWriteResult();
      // With large steps' shows held, this one goes with them, in a task of its own.
      if (this.held.length) await nextTask();
      this.show(step, written);
      return { written, shown: Promise.resolve() };
    }
    // The store takes the step as soon as the write knows what it leaves, while the browser
    // stores it: a message is painted in the same frame its row goes to IndexedDB, not one
    // commit later. The step still ends only once the write has committed, so the next
    // step (and any read of the cache) sees it.
    let shown = false;
    let showFailed: { error: unknown } | null = null;
    /** A large step's show, in a task after the one that worked the write out (see SHOW_APART_ROWS). */
    let shownApart: Promise<void> | undefined;
    /** A large step's show held for the next show (BURST_SHOW_MS): the step is written without waiting for it. */
    let shownLater: Promise<void> | undefined;
    const showNow = (result: WriteResult) => {
      // Never thrown into the write: that would abort it (and lose what it stores).
      try {
        this.show(step, result);
      } catch (error) {
        showFailed = { error };
      }
    };
    const onApplied = (result: WriteResult) => {
      shown = true;
      // (A small step shows in this task, unless large steps' shows are held: they go with it, apart.)
      if (result.messages.length < SHOW_APART_ROWS && this.held.length === 0) return showNow(result);
      // Another step already waits behind this one, and the screen was brought up to date a moment ago.
      if (this.queued > position && performance.now() - this.lastShownAt < BURST_SHOW_MS) {
        shownLater = this.hold(step, result);
        return;
      }
      shownApart = nextTask().then(() => showNow(result));
    };
    let written: WriteResult;
    try {
      written = await writeChanges(this.db, step.ops ?? [], { load, myUserIds, onApplied });
    } catch (error) {
      // The step's show goes first, as it would have: the retry's result lands on top of it.
      await shownApart;
      if (shownLater) this.showHeld();
      if (!shown) throw error;
      // On screen but not stored: once more, in a transaction of its own, so the cache keeps
      // what the view shows. If that fails too, the step fails (its caller reports it) as a
      // failed write always did; the message stays on screen meanwhile.
      written = await writeChanges(this.db, step.ops ?? [], { load, myUserIds }).catch((again: unknown) => {
        throw new Error(`The cache could not store what is shown: ${String(again)}`, { cause: error });
      });
      this.store.setState(applyStoreBatch(this.store.getState(), { written }));
    }
    // The step ends once it is shown too (or its show is held for the next one, which comes
    // after it): the next step's show can never come before it.
    await shownApart;
    if (showFailed) throw (showFailed as { error: unknown }).error;
    return { written, shown: shownLater ?? Promise.resolve() };
  }

  /** Holds a large step's show for the next show, or until BURST_SHOW_MS after the last one. */
  private hold(step: Step, written: WriteResult): Promise<void> {
    const shown = new Promise<void>((resolve, reject) => this.held.push({ step, written, shown: resolve, failed: reject }));
    this.heldTimer ??= setTimeout(
      () => {
        this.heldTimer = null;
        try {
          this.showHeld();
        } catch {
          // Each held step's caller hears of the failure (HeldShow.failed).
        }
      },
      Math.max(0, BURST_SHOW_MS - (performance.now() - this.lastShownAt)),
    );
    return shown;
  }

  /** Shows what is held, now (nothing when nothing is). */
  private showHeld(): void {
    if (this.held.length) this.show({}, null);
  }

  /**
   * One `set` with the held steps' changes, then this step's: what each write leaves
   * (`written`) and the rest of the step. Null `written`: only the held steps.
   */
  private show(step: Step, written: WriteResult | null): void {
    const held = this.held;
    this.held = [];
    if (this.heldTimer !== null) clearTimeout(this.heldTimer);
    this.heldTimer = null;
    try {
      // Each batch's changes (a part of the state) on top of the one before, set in one go.
      let state = this.store.getState();
      const changes: Partial<ParleyState> = {};
      const add = (batch: StoreBatch) => {
        const part = applyStoreBatch(state, batch);
        state = { ...state, ...part };
        Object.assign(changes, part);
      };
      for (const h of held) add(storeBatch(h.step, h.written));
      if (written) add(storeBatch(step, written));
      this.store.setState(changes);
    } catch (error) {
      for (const h of held) h.failed(error);
      throw error;
    }
    this.lastShownAt = performance.now();
    for (const h of held) h.shown();
  }
}

/** What a step gives the store. */
function storeBatch(step: Step, written: WriteResult): StoreBatch {
  return {
    ...(step.accountOps ? { accountOps: step.accountOps } : {}),
    written,
    ...(step.threads ? { threads: step.threads } : {}),
    ...(step.typing ? { typing: step.typing } : {}),
    ...(step.presence ? { presence: step.presence } : {}),
    ...(step.users ? { users: step.users } : {}),
    ...(step.unread ? { unread: step.unread } : {}),
    ...(step.cacheShown ? { cacheShown: true } : {}),
    ...(step.ui ? { ui: step.ui } : {}),
  };
}
