import { useParley } from '../client/ClientProvider';
import { t } from '../i18n';
import { EmptyState } from './common/EmptyState';
import { ConversationView } from './conversation/ConversationView';
import { NewConversationDialog } from './sidebar/NewConversationDialog';
import { Sidebar } from './sidebar/Sidebar';
import './chat.css';

export function ChatScreen() {
  const openConversationId = useParley((s) => s.openConversationId);
  const dialogOpen = useParley((s) => s.newConversationOpen);
  return (
    <div className="chat" data-testid="chat-screen">
      <Sidebar />
      <main className="chat__main">
        {openConversationId ? (
          // keyed: each conversation gets a fresh composer and scroll position
          <ConversationView key={openConversationId} conversationId={openConversationId} />
        ) : (
          <EmptyState title={t('conversation.noneSelected')}>
            <p className="empty-state__body">{t('conversation.noneSelectedHint')}</p>
          </EmptyState>
        )}
      </main>
      {dialogOpen && <NewConversationDialog />}
    </div>
  );
}
