// What to call a user in one account: the name `users.get` gave, else what the view already
// knows (the account's own user; a direct conversation is titled with its peer's name).
// Null when nobody has said yet: the caller says "Someone" until `users.get` answers.

import type { Conversation } from '../contract';
import { userRef } from './activitySlice';
import type { ParleyState } from './index';

export function userName(
  s: Pick<ParleyState, 'users' | 'accounts'>,
  accountId: string,
  userId: string,
  conversation?: Pick<Conversation, 'kind' | 'peerId' | 'title'>,
): string | null {
  const user = s.users[userRef(accountId, userId)];
  if (user) return user.displayName || user.username;
  const account = s.accounts[accountId]?.account;
  if (account?.userId === userId) return account.displayName || account.username;
  if (conversation?.kind === 'direct' && conversation.peerId === userId) return conversation.title;
  return null;
}
