// Fetches the people the open conversation shows (its members, the senders of its messages,
// whoever its system lines mention) with `users.get`, once per person per run, so that a
// group's runs of messages and its member panel carry names. Only while the account is
// online; what failed is asked again when the account next comes online.

import type { ParleyApi } from '../contract';
import type { Tasks } from '../lib/tasks';
import type { ParleyState, ParleyStore } from '../store';
import { userRef } from '../store/activitySlice';
import type { Pipeline } from './pipeline';

/** The contract's limit per `users.get`. */
const CHUNK = 200;

/** Every user the open conversation names, including its system lines' actors and subjects. */
export function usersOnScreen(s: ParleyState): { accountId: string; userIds: Set<string> } | null {
  const ref = s.openConversationRef;
  const c = ref ? s.conversationsByRef[ref] : undefined;
  if (!ref || !c) return null;
  const userIds = new Set<string>(c.memberIds);
  if (c.ownerId) userIds.add(c.ownerId);
  for (const id of c.blockedUserIds ?? []) userIds.add(id);
  const thread = s.threads[ref];
  for (const key of thread?.keys ?? []) {
    const m = thread!.byKey[key]!;
    userIds.add(m.senderId);
    if (m.system) {
      userIds.add(m.system.actorId);
      for (const id of m.system.userIds ?? []) userIds.add(id);
    }
  }
  return { accountId: c.accountId, userIds };
}

export class UserDirectory {
  private unsubscribe: (() => void) | null = null;
  /** userRefs asked for (answered or in flight). */
  private readonly asked = new Set<string>();
  /** userRefs whose answer failed, per account: asked again when the account comes online. */
  private readonly failed = new Map<string, Set<string>>();
  private lastConversation: unknown = null;
  private lastThread: unknown = null;
  private lastAccounts: unknown = null;

  constructor(private readonly deps: { api: ParleyApi; store: ParleyStore; pipeline: Pipeline; tasks: Tasks }) {}

  start(): void {
    this.unsubscribe ??= this.deps.store.subscribe((s) => this.check(s));
    this.check(this.deps.store.getState());
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private check(s: ParleyState): void {
    const ref = s.openConversationRef;
    const conversation = ref ? s.conversationsByRef[ref] : undefined;
    const thread = ref ? s.threads[ref] : undefined;
    // Runs on every store change: only what can change the answer is looked at.
    if (conversation === this.lastConversation && thread === this.lastThread && s.accounts === this.lastAccounts) return;
    const accountsChanged = s.accounts !== this.lastAccounts;
    this.lastConversation = conversation;
    this.lastThread = thread;
    this.lastAccounts = s.accounts;
    if (accountsChanged) {
      for (const [accountId, refs] of this.failed) {
        if (s.accounts[accountId]?.connection !== 'online') continue;
        for (const r of refs) this.asked.delete(r);
        this.failed.delete(accountId);
      }
    }
    const wanted = usersOnScreen(s);
    if (!wanted || s.accounts[wanted.accountId]?.connection !== 'online') return;
    const { accountId } = wanted;
    const missing = [...wanted.userIds].filter((id) => {
      const r = userRef(accountId, id);
      return !s.users[r] && !this.asked.has(r);
    });
    if (missing.length === 0) return;
    for (const id of missing) this.asked.add(userRef(accountId, id));
    for (let i = 0; i < missing.length; i += CHUNK) {
      const ids = missing.slice(i, i + CHUNK);
      this.deps.tasks.run(() => this.fetch(accountId, ids));
    }
  }

  private async fetch(accountId: string, ids: string[]): Promise<void> {
    const result = await this.deps.api.users.get({ accountId, ids });
    if (!result.ok) {
      let refs = this.failed.get(accountId);
      if (!refs) this.failed.set(accountId, (refs = new Set()));
      for (const id of ids) refs.add(userRef(accountId, id));
      return;
    }
    if (result.value.length === 0) return;
    await this.deps.pipeline.run({ users: result.value.map((user) => ({ accountId, user })) });
  }
}
