import { useParley } from '../../client/ClientProvider';
import type { Conversation } from '../../contract';
import { t } from '../../i18n';
import { selectProtocolLabel } from '../../store/selectors';
import { userRef } from '../../store/activitySlice';
import { Avatar } from '../common/Avatar';

const NOBODY: Record<string, true> = {};

export function ConversationHeader({ conversation: c, conversationRef }: { conversation: Conversation; conversationRef: string }) {
  const account = useParley((s) => s.accounts[c.accountId]?.account);
  const manyAccounts = useParley((s) => s.accountOrder.length > 1);
  const protocol = useParley(selectProtocolLabel(account?.protocol ?? ''));
  const typing = useParley((s) => s.typing[conversationRef] ?? NOBODY);
  const typingIds = Object.keys(typing).filter((id) => id !== account?.userId);
  const peerOnline = useParley((s) => (c.peerId ? s.presence[userRef(c.accountId, c.peerId)]?.online === true : false));
  const subtitle = typingIds.length
    ? t('conversation.typing', { name: c.kind === 'direct' ? c.title : typingIds.join(', ') })
    : c.kind === 'direct'
      ? t(peerOnline ? 'conversation.online' : 'conversation.direct')
      : t('conversation.group', { count: c.memberIds.length });
  return (
    <header className="conversation-header">
      <Avatar id={c.peerId ?? c.id} name={c.title} size={36} />
      <div className="conversation-header__text">
        <h2 className="conversation-header__title" data-testid="conversation-header-title">
          {c.title}
        </h2>
        <p className="conversation-header__subtitle" data-testid="conversation-header-subtitle" aria-live="polite">
          {subtitle}
        </p>
      </div>
      {manyAccounts && account && (
        <span className="conversation-header__account" data-testid="conversation-header-account">
          {t('account.on', { name: account.username, protocol })}
        </span>
      )}
    </header>
  );
}
