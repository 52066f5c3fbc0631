import { useParley } from '../../client/ClientProvider';
import { Composer } from './Composer';
import { ConversationHeader } from './ConversationHeader';
import { MessageList } from './MessageList';
import './conversation.css';

export function ConversationView({ conversationId }: { conversationId: string }) {
  const conversation = useParley((s) => s.conversationsById[conversationId]);
  if (!conversation) return null;
  return (
    <section className="conversation" data-testid="conversation-view" data-conversation-id={conversationId} aria-label={conversation.title}>
      <ConversationHeader conversation={conversation} />
      <MessageList conversation={conversation} />
      <Composer conversationId={conversationId} />
    </section>
  );
}
