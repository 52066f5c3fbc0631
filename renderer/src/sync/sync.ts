// Keeps the cache and the store in step with every account: shows the cache at start (no
// network), refreshes an account from its server whenever it comes online, loads threads
// as they open, and settles what main's outbox did while no window was open.

import { conversationRef, parseConversationRef, type ParleyApi, type ParleyEvent } from '../contract';
import { loadNewestMessages, PAGE_SIZE } from '../db/messages';
import type { ParleyDb } from '../db/database';
import type { DataOp } from '../db/writer';
import { coalesce } from '../lib/coalesce';
import type { Tasks } from '../lib/tasks';
import type { ParleyStore } from '../store';
import { stepForBatch } from './events';
import { handOverLegacyOutbox } from './legacy-outbox';
import type { Pipeline } from './pipeline';

export interface SyncDeps {
  api: ParleyApi;
  db: ParleyDb;
  store: ParleyStore;
  pipeline: Pipeline;
  tasks: Tasks;
  now?: () => number;
  /** The waits before asking again for a list that failed (LIST_RETRY_MS); tests make them short. */
  listRetryMs?: readonly number[];
}

export const CONVERSATION_PAGE_SIZE = 50;

/**
 * An online account whose list request failed (a timeout, a server error) is asked again
 * after these waits, the last one repeating while it stays online and keeps failing. Without
 * them nothing asked again until its connection changed: a first start (no cache) said
 * "Loading conversations…" for as long as the account stayed online.
 */
export const LIST_RETRY_MS: readonly number[] = [1_000, 2_000, 5_000, 10_000, 30_000];

/** Events a step gathers from batches that arrived while it waited (onBatch). */
export const STEP_MAX_EVENTS = 1000;

export class Sync {
  private readonly refreshers = new Map<string, () => Promise<void>>();
  /** The batch step queued but not started yet: later batches join it. */
  private waiting: { events: ParleyEvent[]; done: Promise<void>; position: number } | null = null;
  /**
   * Each online account's first page of conversations, asked at start: shown in the start's
   * own step when it has answered by then (`shown`), else by the account's first refresh.
   */
  private readonly firstPages = new Map<string, { answer: ReturnType<ParleyApi['conversations']['list']>; arrived: boolean; shown: boolean }>();

  /** Per account: list requests failed in a row, and the timer of the next try. */
  private readonly listRetries = new Map<string, { failures: number; timer: ReturnType<typeof setTimeout> | null }>();
  private stopped = false;

  constructor(private readonly deps: SyncDeps) {}

  /** No more retries (the client stopped). */
  stop(): void {
    this.stopped = true;
    for (const retry of this.listRetries.values()) if (retry.timer) clearTimeout(retry.timer);
    this.listRetries.clear();
  }

  private get state() {
    return this.deps.store.getState();
  }

  /** Asks main who is signed in (a local answer, no network) and shows every account's cache in one step. */
  async start(): Promise<void> {
    const { api, pipeline } = this.deps;
    const result = await api.session.get({});
    if (!result.ok) {
      await pipeline.run({ accountOps: [{ type: 'session', protocols: [], accounts: [], error: result.error.message }], cacheShown: true });
      return;
    }
    const { protocols, accounts } = result.value;
    // The host has usually answered these already (host/early-answers.ts asked them with the
    // session): a first start then shows the server's rows with the cache, in one step,
    // instead of an empty list first (bench B1, fresh profile). Never waited for here.
    for (const s of accounts) {
      if (s.connection !== 'online') continue;
      const page = { answer: api.conversations.list({ accountId: s.account.id, limit: CONVERSATION_PAGE_SIZE }), arrived: false, shown: false };
      void page.answer.then(() => (page.arrived = true));
      this.firstPages.set(s.account.id, page);
    }
    await pipeline.run(async () => {
      const ops: DataOp[] = [];
      for (const page of this.firstPages.values()) {
        if (!page.arrived) continue;
        const answer = await page.answer;
        if (!answer.ok) continue;
        page.shown = true;
        for (const conversation of answer.value.items) ops.push({ op: 'conversation', conversation });
      }
      return { accountOps: [{ type: 'session', protocols, accounts }], load: accounts.map((s) => s.account.id), ops, cacheShown: true };
    });
    for (const s of accounts) this.accountArrived(s.account.id, s.connection === 'online');
  }

  /**
   * One batch of main's events. Batches that arrive while earlier steps are still being
   * written join the waiting batch step when nothing else was queued after it (so no order
   * changes): 500 queued messages going out make ~1,000 status batches, and one step (one
   * transaction, one render) each kept a click waiting behind all of them. A step takes at
   * most STEP_MAX_EVENTS that way: the work of a step before its first write (reading every
   * row it touches) is one task, and a burst's joined step of thousands of messages made it one
   * of over 100 ms (bench B5's long tasks).
   */
  onBatch(events: readonly ParleyEvent[]): Promise<void> {
    const { pipeline, tasks } = this.deps;
    // Only while it is still the last step queued: joining it then changes no order.
    if (this.waiting && this.waiting.position === pipeline.queuedCount && this.waiting.events.length + events.length <= STEP_MAX_EVENTS) {
      this.waiting.events.push(...events);
      return this.waiting.done;
    }
    const waiting: { events: ParleyEvent[]; done: Promise<void>; position: number } = {
      events: [...events],
      done: Promise.resolve(),
      position: pipeline.queuedCount + 1,
    };
    this.waiting = waiting;
    let followUps: ReturnType<typeof stepForBatch>['followUps'] | null = null;
    const done = pipeline
      .run(() => {
        // From here on, new batches start a step of their own.
        if (this.waiting === waiting) this.waiting = null;
        const made = stepForBatch(waiting.events, new Set(Object.keys(this.state.accounts)));
        followUps = made.followUps;
        return made.step;
      })
      .then((written) => {
        const f = followUps!;
        for (const id of f.added) this.accountArrived(id, f.online.includes(id));
        for (const id of f.online) if (!f.added.includes(id)) tasks.run(this.refresher(id));
        const unknown = new Set(written.unknownConversations.map((ref) => parseConversationRef(ref).accountId));
        for (const id of unknown) tasks.run(() => this.fetchConversations(id));
      });
    waiting.done = done;
    tasks.run(() => done);
    return done;
  }

  /** An account is in the view (at start, or just signed in): hand it old renderer-outbox entries, refresh it when online. */
  accountArrived(accountId: string, online: boolean): void {
    const { tasks } = this.deps;
    tasks.run(() => handOverLegacyOutbox(this.deps, accountId));
    tasks.run(() => this.settlePending(accountId));
    if (online) tasks.run(this.refresher(accountId));
  }

  /** One refresh at a time per account; a request while one runs asks for one more run after it. */
  refresher(accountId: string): () => Promise<void> {
    let run = this.refreshers.get(accountId);
    if (!run) this.refreshers.set(accountId, (run = coalesce(() => this.refresh(accountId))));
    return run;
  }

  private online(accountId: string): boolean {
    return this.state.accounts[accountId]?.connection === 'online';
  }

  /** The first page of conversations, the open thread's newest page, and the outbox's news. */
  private async refresh(accountId: string): Promise<void> {
    if (!this.online(accountId)) return;
    const listed = await this.fetchConversations(accountId);
    this.listAnswered(accountId, listed);
    const open = this.state.openConversationRef;
    if (open && parseConversationRef(open).accountId === accountId) await this.fetchNewestMessages(open);
    await this.settlePending(accountId);
    if (listed) {
      const at = (this.deps.now ?? Date.now)();
      await this.deps.pipeline.run({ ops: [{ op: 'synced', accountId, at }] });
    }
  }

  /** After a refresh's list request: forget the failures, or count one and ask again later (the list then says so). */
  private listAnswered(accountId: string, listed: boolean): void {
    const retry = this.listRetries.get(accountId);
    if (listed) {
      if (retry?.timer) clearTimeout(retry.timer);
      this.listRetries.delete(accountId);
      if (this.state.listRetrying[accountId]) {
        const { [accountId]: _answered, ...rest } = this.state.listRetrying;
        this.deps.store.setState({ listRetrying: rest });
      }
      return;
    }
    // Offline (nothing was asked) or stopped: the next connection change refreshes it anyway.
    if (this.stopped || !this.online(accountId)) return;
    const next = retry ?? { failures: 0, timer: null };
    next.failures++;
    this.listRetries.set(accountId, next);
    if (!this.state.listRetrying[accountId]) this.deps.store.setState({ listRetrying: { ...this.state.listRetrying, [accountId]: true } });
    if (next.timer) return;
    const waits = this.deps.listRetryMs ?? LIST_RETRY_MS;
    next.timer = setTimeout(() => {
      next.timer = null;
      if (!this.stopped) this.deps.tasks.run(this.refresher(accountId));
    }, waits[Math.min(next.failures, waits.length) - 1]);
  }

  private async fetchConversations(accountId: string): Promise<boolean> {
    if (!this.online(accountId)) return false;
    // The page asked at start (see `firstPages`), once: already shown, or still to show.
    const first = this.firstPages.get(accountId);
    this.firstPages.delete(accountId);
    if (first?.shown) return true;
    const result = await (first?.answer ?? this.deps.api.conversations.list({ accountId, limit: CONVERSATION_PAGE_SIZE }));
    if (!result.ok) return false;
    await this.deps.pipeline.run({ ops: result.value.items.map((conversation) => ({ op: 'conversation', conversation })) });
    return true;
  }

  /** Where the protocol has history: the server's newest page of a thread, merged. */
  async fetchNewestMessages(ref: string): Promise<void> {
    const { accountId, conversationId } = parseConversationRef(ref);
    const status = this.state.accounts[accountId];
    if (!status || status.connection !== 'online' || !status.capabilities.history) return;
    const result = await this.deps.api.messages.list({ accountId, conversationId, limit: PAGE_SIZE });
    if (result.ok) await this.deps.pipeline.run({ ops: result.value.items.map((message): DataOp => ({ op: 'message', message })) });
  }

  /**
   * What main's outbox holds for the account, as main sees it now: messages sent (or
   * failed) while no window was open would otherwise stay "sending" in this cache.
   */
  private async settlePending(accountId: string): Promise<void> {
    if (!(accountId in this.state.accounts)) return;
    const result = await this.deps.api.messages.pending({ accountId });
    if (!result.ok || result.value.length === 0) return;
    await this.deps.pipeline.run({ ops: result.value.map((message): DataOp => ({ op: 'message', message })) });
  }

  /** Shows the newest cached page at once, then merges the server's newest page when online. */
  async openConversation(ref: string): Promise<void> {
    const { pipeline, db } = this.deps;
    const { accountId, conversationId } = parseConversationRef(ref);
    await pipeline.run(async () => ({
      ui: { openConversationRef: ref, newConversationOpen: false },
      threads: [{ ref, rows: await loadNewestMessages(db, accountId, conversationId) }],
    }));
    await this.fetchNewestMessages(conversationRef(accountId, conversationId));
  }
}
