// Names and pictures for a call's screens, from the main store: the conversation (a direct
// one is titled with the peer's name) and the users `users.get` described.

import { useParley } from '../../client/ClientProvider';
import { conversationRef, type Call, type Conversation } from '../../contract';
import { t } from '../../i18n';
import { userName } from '../../store/names';

export function useCallConversation(call: Pick<Call, 'accountId' | 'conversationId'>): Conversation | undefined {
  return useParley((s) => s.conversationsByRef[conversationRef(call.accountId, call.conversationId)]);
}

/** A participant's name in this call's account, null while unknown. */
export function useKnownUserName(call: Pick<Call, 'accountId' | 'conversationId'>, userId: string): string | null {
  const conversation = useCallConversation(call);
  return useParley((s) => userName(s, call.accountId, userId, conversation));
}

/** A participant's name in this call's account ("Someone" while unknown). */
export function useUserName(call: Pick<Call, 'accountId' | 'conversationId'>, userId: string): string {
  return useKnownUserName(call, userId) ?? t('user.someone');
}

/**
 * What the call screens call the other side: the peer's name for a direct call, the group's
 * title for a group call.
 */
export function useCallTitle(call: Pick<Call, 'accountId' | 'conversationId' | 'group' | 'participants'>): { title: string; avatarId: string; image?: string } {
  const conversation = useCallConversation(call);
  const peerId = call.group ? undefined : (conversation?.peerId ?? call.participants[0]?.userId);
  const peerName = useParley((s) => (peerId ? userName(s, call.accountId, peerId, conversation) : null));
  const title = (call.group ? conversation?.title : (peerName ?? conversation?.title)) ?? t('user.someone');
  const image = conversation?.avatarImage || undefined;
  return { title, avatarId: peerId ?? call.conversationId, ...(image ? { image } : {}) };
}
