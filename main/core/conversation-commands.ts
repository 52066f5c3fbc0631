// The conversation commands of issue 6: groups, leaving, clearing, mute / pin / block and
// answering message requests. Each checks the account's capabilities (unsupported
// otherwise), asks the adapter, then applies the outcome through the account's runtime, as
// a push would be: the unread ledger moves in step, and every window hears it at once
// (the server does not push a caller's own change back to the socket that made it).

import { ParleyError } from '../../contract/errors';
import type { Capabilities, Id } from '../../contract/domain';
import type { AccountRuntime } from './account';
import type { ConversationData, GroupUpdate, ProtocolAdapter } from './adapter';
import type { CommandHandlers } from './dispatch';
import { errorName, type Logger } from './logger';

export type ConversationCommandName =
  | 'conversations.createGroup'
  | 'conversations.updateGroup'
  | 'conversations.leave'
  | 'conversations.clearHistory'
  | 'conversations.setMuted'
  | 'conversations.setPinned'
  | 'conversations.setBlocked'
  | 'conversations.answerRequest'
  | 'conversations.nudge';

/** One nudge per conversation per this long: more are dropped, so a held key cannot shake someone's screen. */
export const NUDGE_INTERVAL_MS = 10_000;

/** A request's conversation is looked for this far down the list when the account has not seen it. */
const LOOKUP_PAGES = 20;
const LOOKUP_PAGE_SIZE = 100;

export function conversationCommands(
  requireAccount: (accountId: string) => AccountRuntime,
  log: Logger,
  now: () => number = Date.now,
): Pick<CommandHandlers, ConversationCommandName> {
  const lastNudge = new Map<string, number>();
  return {
    'conversations.createGroup': async ({ accountId, title, memberIds, groupType }) => {
      const runtime = requireAccount(accountId);
      const createGroup = method(runtime, 'groups', 'createGroup', 'This account cannot create groups.');
      const created = await createGroup({ title, memberIds, ...(groupType !== undefined ? { groupType } : {}) });
      return runtime.upsertConversation(created);
    },
    'conversations.updateGroup': async ({ accountId, conversationId, title, avatarUrl, addMemberIds, removeMemberIds, ownerId }) => {
      const runtime = requireAccount(accountId);
      const updateGroup = method(runtime, 'groupAdmin', 'updateGroup', 'This account cannot change groups.');
      const update: GroupUpdate = {
        conversationId,
        ...(title !== undefined ? { title } : {}),
        ...(avatarUrl !== undefined ? { avatarUrl } : {}),
        ...(addMemberIds?.length ? { addMemberIds } : {}),
        ...(removeMemberIds?.length ? { removeMemberIds } : {}),
        ...(ownerId !== undefined ? { ownerId } : {}),
      };
      return runtime.upsertConversation(await updateGroup(update));
    },
    'conversations.leave': async ({ accountId, conversationId }) => {
      const runtime = requireAccount(accountId);
      const leaveGroup = method(runtime, 'groups', 'leaveGroup', 'This account cannot leave groups.');
      await leaveGroup(conversationId);
      runtime.removeConversation(conversationId);
      return null;
    },
    'conversations.clearHistory': async ({ accountId, conversationId }) => {
      const runtime = requireAccount(accountId);
      const clearHistory = method(runtime, 'clearHistory', 'clearHistory', 'This account cannot delete conversations.');
      await clearHistory(conversationId);
      // Gone from my list until a newer message brings it back (the renderer then fetches it).
      runtime.removeConversation(conversationId);
      return null;
    },
    'conversations.setMuted': async ({ accountId, conversationId, muted }) => {
      const runtime = requireAccount(accountId);
      const setMuted = method(runtime, 'mute', 'setMuted', 'This account cannot mute conversations.');
      await setMuted(conversationId, muted);
      runtime.changeConversation(conversationId, { muted });
      return null;
    },
    'conversations.setPinned': async ({ accountId, conversationId, pinned }) => {
      const runtime = requireAccount(accountId);
      const setPinned = method(runtime, 'pin', 'setPinned', 'This account cannot pin conversations.');
      await setPinned(conversationId, pinned);
      runtime.changeConversation(conversationId, { pinned });
      return null;
    },
    'conversations.setBlocked': async ({ accountId, conversationId, userId, blocked }) => {
      const runtime = requireAccount(accountId);
      const setBlocked = method(runtime, 'block', 'setBlocked', 'This account cannot block people.');
      await setBlocked({ conversationId, userId, blocked });
      noteBlocked(runtime, conversationId, userId, blocked);
      return null;
    },
    'conversations.nudge': async ({ accountId, conversationId }) => {
      const runtime = requireAccount(accountId);
      const sendNudge = method(runtime, 'nudge', 'sendNudge', 'This account cannot send nudges.');
      const key = `${accountId}\u0000${conversationId}`;
      const last = lastNudge.get(key);
      if (last !== undefined && now() - last < NUDGE_INTERVAL_MS) return null;
      lastNudge.set(key, now());
      const line = await sendNudge(conversationId);
      if (line) await runtime.publishMessage(line);
      return null;
    },
    'conversations.answerRequest': async ({ accountId, conversationId, answer }) => {
      const runtime = requireAccount(accountId);
      if (answer === 'accept') {
        const acceptRequest = method(runtime, 'messageRequests', 'acceptRequest', 'This account has no message requests.');
        await acceptRequest(conversationId);
        runtime.changeConversation(conversationId, { request: false });
        return null;
      }
      const conversation = runtime.knownConversation(conversationId) ?? (await lookUp(runtime, conversationId));
      if (answer === 'block') {
        const setBlocked = method(runtime, 'block', 'setBlocked', 'This account cannot block people.');
        // Who started it: the peer of a direct conversation, else the group's owner.
        const sender = conversation.peerId ?? conversation.ownerId;
        if (sender !== undefined && sender !== runtime.account.userId) {
          try {
            await setBlocked({ conversationId, userId: sender, blocked: true });
            noteBlocked(runtime, conversationId, sender, true);
          } catch (e) {
            // In a group only its owner may block, so the server refuses; leaving is what is left.
            if (!(conversation.kind === 'group' && e instanceof ParleyError && e.code === 'forbidden')) throw e;
            log.info('could not block the owner of a group request; leaving it instead', { error: errorName(e) });
          }
        }
      }
      await deleteRequest(runtime, conversation);
      return null;
    },
  };
}

/** "Delete" a request: clear my copy, and leave it if it is a group (so I am not in it any more). */
async function deleteRequest(runtime: AccountRuntime, conversation: ConversationData): Promise<void> {
  const clearHistory = method(runtime, 'clearHistory', 'clearHistory', 'This account cannot delete conversations.');
  await clearHistory(conversation.id);
  if (conversation.kind === 'group') {
    const leaveGroup = method(runtime, 'groups', 'leaveGroup', 'This account cannot leave groups.');
    await leaveGroup(conversation.id);
  }
  runtime.removeConversation(conversation.id);
}

/** Every window shows the new block list at once (the server's own copy follows as update_group). */
function noteBlocked(runtime: AccountRuntime, conversationId: Id, userId: Id, blocked: boolean): void {
  const known = runtime.knownConversation(conversationId);
  if (!known) return;
  const others = (known.blockedUserIds ?? []).filter((id) => id !== userId);
  runtime.changeConversation(conversationId, { blockedUserIds: blocked ? [...others, userId] : others });
}

/** A conversation the account has not seen this run (a command right after a restart): find it in the list. */
async function lookUp(runtime: AccountRuntime, conversationId: Id): Promise<ConversationData> {
  let cursor: string | undefined;
  for (let page = 0; page < LOOKUP_PAGES; page++) {
    const listed = await runtime.adapter.listConversations({ limit: LOOKUP_PAGE_SIZE, ...(cursor !== undefined ? { cursor } : {}) });
    const found = listed.items.find((c) => c.id === conversationId);
    if (found) return found;
    cursor = listed.nextCursor;
    if (cursor === undefined) break;
  }
  throw new ParleyError('not-found', 'That conversation is no longer there.');
}

type AdapterMethod = {
  [K in keyof ProtocolAdapter]-?: NonNullable<ProtocolAdapter[K]> extends (...args: never[]) => unknown ? K : never;
}[keyof ProtocolAdapter];

/** The adapter's method, bound, where the capability says the account has it; else 'unsupported'. */
function method<K extends AdapterMethod>(
  runtime: AccountRuntime,
  capability: keyof Capabilities,
  name: K,
  why: string,
): NonNullable<ProtocolAdapter[K]> {
  const { adapter } = runtime;
  const fn = adapter[name] as ((...args: unknown[]) => unknown) | undefined;
  if (adapter.capabilities[capability] !== true || typeof fn !== 'function') throw new ParleyError('unsupported', why);
  return fn.bind(adapter) as NonNullable<ProtocolAdapter[K]>;
}

