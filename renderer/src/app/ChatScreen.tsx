import { useParley } from '../client/ClientProvider';
import { t } from '../i18n';
import { CallLayer } from './calls/CallLayer';
import { EmptyState } from './common/EmptyState';
import { ConversationView } from './conversation/ConversationView';
import { SessionNotices } from './sidebar/SessionNotices';
import { NewConversationDialog } from './sidebar/NewConversationDialog';
import { Sidebar } from './sidebar/Sidebar';
import './chat.css';

export function ChatScreen() {
  const openRef = useParley((s) => s.openConversationRef);
  const dialogOpen = useParley((s) => s.newConversationOpen);
  return (
    <div className="chat" data-testid="chat-screen">
      <Sidebar />
      <main className="chat__main">
        <SessionNotices />
        {openRef ? (
          // keyed: each conversation gets a fresh composer and scroll position
          <ConversationView key={openRef} conversationRef={openRef} />
        ) : (
          <EmptyState title={t('conversation.noneSelected')}>
            <p className="empty-state__body">{t('conversation.noneSelectedHint')}</p>
          </EmptyState>
        )}
        {/* Over the conversation pane: the sidebar stays usable during a call. */}
        <CallLayer />
      </main>
      {dialogOpen && <NewConversationDialog />}
    </div>
  );
}
