import type { Conversation } from '../../contract';
import { t } from '../../i18n';
import { Avatar } from '../common/Avatar';

// The peer's online dot arrives with the presence slice (a later issue); the slot is here.
export function ConversationHeader({ conversation: c }: { conversation: Conversation }) {
  const subtitle =
    c.kind === 'direct' ? t('conversation.direct') : t('conversation.group', { count: c.memberIds.length });
  return (
    <header className="conversation-header">
      <Avatar id={c.peerId ?? c.id} name={c.title} size={36} />
      <div className="conversation-header__text">
        <h2 className="conversation-header__title" data-testid="conversation-header-title">
          {c.title}
        </h2>
        <p className="conversation-header__subtitle">{subtitle}</p>
      </div>
    </header>
  );
}
