import { useParley } from '../../client/ClientProvider';
import type { Conversation } from '../../contract';
import { t } from '../../i18n';
import { selectProtocolLabel } from '../../store/selectors';
import { userRef } from '../../store/activitySlice';
import { Avatar } from '../common/Avatar';
import { HeaderActions } from './HeaderActions';
import { WithPresence } from '../common/PresenceDot';
import { presenceText } from '../common/presence-text';
import { useNow } from '../common/useNow';
import { useTypingText, useTypingUserIds } from '../common/useTyping';

export function ConversationHeader({ conversation: c, conversationRef }: { conversation: Conversation; conversationRef: string }) {
  const account = useParley((s) => s.accounts[c.accountId]?.account);
  const manyAccounts = useParley((s) => s.accountOrder.length > 1);
  const protocol = useParley(selectProtocolLabel(account?.protocol ?? ''));
  const typing = useTypingText(c, useTypingUserIds(conversationRef, account?.userId));
  // A direct conversation: the peer's presence ("Online", "Last seen 5 minutes ago") while known.
  const peerPresence = useParley((s) => (c.kind === 'direct' && c.peerId ? s.presence[userRef(c.accountId, c.peerId)] : undefined));
  const now = useNow(30_000);
  const subtitle =
    typing ??
    (c.kind === 'direct' ? (presenceText(peerPresence, now) ?? t('conversation.direct')) : t('conversation.group', { count: c.memberIds.length }));
  return (
    <header className="conversation-header" data-testid="conversation-header">
      <WithPresence accountId={c.accountId} userId={c.kind === 'direct' ? c.peerId : undefined}>
        <Avatar id={c.peerId ?? c.id} name={c.title} size={36} image={c.avatarImage || undefined} />
      </WithPresence>
      <div className="conversation-header__text">
        {/* The title runs in its own direction (an Arabic name) and stays where the header's text starts. */}
        <h2 className="conversation-header__title" data-testid="conversation-header-title">
          <bdi dir="auto">{c.title}</bdi>
        </h2>
        <p
          className={typing ? 'conversation-header__subtitle conversation-header__subtitle--typing' : 'conversation-header__subtitle'}
          data-testid="conversation-header-subtitle"
          data-typing={typing ? 'true' : undefined}
          aria-live="polite"
        >
          {subtitle}
        </p>
      </div>
      {manyAccounts && account && (
        <span className="conversation-header__account" data-testid="conversation-header-account">
          {t('account.on', { name: account.username, protocol })}
        </span>
      )}
      <HeaderActions conversation={c} conversationRef={conversationRef} />
    </header>
  );
}
