// Who is typing in a conversation, as the view should show it now: everyone but me whose
// state has not passed its expiresAt. Main sends the `false` at expiresAt itself; this
// re-renders at that moment too, so a late or lost `false` never leaves a stale line.

import { useEffect, useState } from 'react';
import { useParley } from '../../client/ClientProvider';
import type { Conversation } from '../../contract';
import { t } from '../../i18n';
import { userName } from '../../store/names';
import { liveTypers, typingText } from '../conversation/typing-view';
import './activity.css';

const NOBODY: Record<string, number> = {};

export function useTypingUserIds(conversationRef: string, myUserId: string | undefined): string[] {
  const typing = useParley((s) => s.typing[conversationRef] ?? NOBODY);
  const [tick, setTick] = useState(0);
  const { userIds: ids, nextExpiry: next } = liveTypers(typing, myUserId, Date.now());
  useEffect(() => {
    if (!Number.isFinite(next)) return;
    // `tick` in the deps: should the timer fire a hair early, the next render arms it again.
    const timer = setTimeout(() => setTick((n) => n + 1), Math.max(0, next - Date.now()) + 10);
    return () => clearTimeout(timer);
  }, [next, tick]);
  return ids;
}

/** "Bob is typing…" for these users of the conversation, in names the view knows. */
export function useTypingText(c: Pick<Conversation, 'accountId' | 'kind' | 'peerId' | 'title'>, userIds: readonly string[]): string | null {
  const users = useParley((s) => s.users);
  const accounts = useParley((s) => s.accounts);
  if (userIds.length === 0) return null;
  return typingText(userIds.map((id) => userName({ users, accounts }, c.accountId, id, c) ?? t('conversation.typingSomeone')));
}
