import { Suspense } from 'react';
import { useParley } from '../client/ClientProvider';
import { t } from '../i18n';
import { EmptyState } from './common/EmptyState';
import { lazyNamed } from './common/lazy';
import { ConversationView } from './conversation/ConversationView';
import { SessionNotices } from './sidebar/SessionNotices';
import { Sidebar } from './sidebar/Sidebar';
import { KeyboardShortcuts } from './keyboard/KeyboardShortcuts';
import { useReopenConversation } from './use-reopen-conversation';
import './chat.css';

// Not needed for the chat screen's first paint: each its own chunk. The call layer (and the
// call session with it) starts loading as the screen mounts, so an incoming call still rings;
// the dialog when it is first opened.
const CallLayer = lazyNamed(() => import('./calls/CallLayer').then((m) => m.CallLayer));
const NewConversationDialog = lazyNamed(() => import('./sidebar/NewConversationDialog').then((m) => m.NewConversationDialog));

export function ChatScreen() {
  const openRef = useParley((s) => s.openConversationRef);
  const dialogOpen = useParley((s) => s.newConversationOpen);
  // After a reload, the conversation that was open opens again.
  useReopenConversation();
  return (
    <div className="chat" data-testid="chat-screen">
      {/* The screen's level-one heading, for screen readers' heading navigation (the design shows none). */}
      <h1 className="visually-hidden">{t('app.name')}</h1>
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
        <Suspense fallback={null}>
          <CallLayer />
        </Suspense>
      </main>
      {dialogOpen && (
        <Suspense fallback={null}>
          <NewConversationDialog />
        </Suspense>
      )}
      <KeyboardShortcuts />
    </div>
  );
}
