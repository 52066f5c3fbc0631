import { Suspense } from 'react';
import { useParley } from '../../client/ClientProvider';
import { t } from '../../i18n';
import { userName } from '../../store/names';
import { BlockedBanner } from './BlockedBanner';
import { Composer } from './Composer';
import { blockedPeer } from './conversation-actions';
import { ConversationHeader } from './ConversationHeader';
import { MessageList } from './MessageList';
import { RequestBanner } from './RequestBanner';
import { useNudgeShake } from './use-nudge-shake';
import { FileDropZone } from './attachments/FileDropZone';
import './conversation.css';
import { lazyNamed } from '../common/lazy';

// A group's member panel, only when it is opened: its own chunk.
const MemberPanel = lazyNamed(() => import('./MemberPanel').then((m) => m.MemberPanel));

export function ConversationView({ conversationRef }: { conversationRef: string }) {
  const conversation = useParley((s) => s.conversationsByRef[conversationRef]);
  const panelOpen = useParley((s) => s.memberPanelOpen);
  const blocked = conversation ? blockedPeer(conversation) : null;
  const blockedName = useParley((s) => (blocked && conversation ? userName(s, conversation.accountId, blocked, conversation) : null)) ?? t('user.someone');
  const myUserId = useParley((s) => (conversation ? s.accounts[conversation.accountId]?.account.userId : undefined));
  // Someone nudged me here: the view shakes once (conversation.css; none with reduced motion).
  const shaking = useNudgeShake(conversationRef, myUserId);
  if (!conversation) return null;
  const withPanel = panelOpen && conversation.kind === 'group';
  return (
    <section
      className={`conversation${withPanel ? ' conversation--with-panel' : ''}${shaking ? ' conversation--shake' : ''}`}
      data-testid="conversation-view"
      data-shaking={shaking ? 'true' : undefined}
      data-conversation-id={conversation.id}
      data-account-id={conversation.accountId}
      aria-label={conversation.title}
    >
      <FileDropZone conversationRef={conversationRef} className="conversation__main">
        <ConversationHeader conversation={conversation} conversationRef={conversationRef} />
        {blocked && !conversation.request && <BlockedBanner conversationRef={conversationRef} userId={blocked} name={blockedName} />}
        <MessageList conversation={conversation} conversationRef={conversationRef} />
        {conversation.request ? (
          // A request: answered before anything is written back.
          <RequestBanner conversation={conversation} conversationRef={conversationRef} />
        ) : blocked ? (
          <p className="composer composer--closed" data-testid="composer-closed">
            {t('conversation.blockedComposer', { name: blockedName })}
          </p>
        ) : (
          <Composer conversation={conversation} conversationRef={conversationRef} />
        )}
      </FileDropZone>
      {withPanel && (
        <Suspense fallback={null}>
          <MemberPanel conversation={conversation} conversationRef={conversationRef} />
        </Suspense>
      )}
    </section>
  );
}
