import { useParley } from '../../client/ClientProvider';
import { Composer } from './Composer';
import { ConversationHeader } from './ConversationHeader';
import { MessageList } from './MessageList';
import './conversation.css';

export function ConversationView({ conversationRef }: { conversationRef: string }) {
  const conversation = useParley((s) => s.conversationsByRef[conversationRef]);
  if (!conversation) return null;
  return (
    <section
      className="conversation"
      data-testid="conversation-view"
      data-conversation-id={conversation.id}
      data-account-id={conversation.accountId}
      aria-label={conversation.title}
    >
      <ConversationHeader conversation={conversation} conversationRef={conversationRef} />
      <MessageList conversation={conversation} conversationRef={conversationRef} />
      <Composer conversation={conversation} conversationRef={conversationRef} />
    </section>
  );
}
