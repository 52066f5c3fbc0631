// Editing and deleting one's own messages (messages.edit, messages.delete). Each checks the
// account's capabilities ('unsupported' otherwise), asks the adapter, then publishes the
// outcome as a push would be: every window shows the new text or the "deleted" placeholder
// at once, whether or not the server also pushes the change back to this connection.
// Whose message it is, is the server's call: it refuses someone else's ('forbidden', in its
// words), and that answer reaches the UI unchanged.

import { ParleyError } from '../../contract/errors';
import type { AccountRuntime } from './account';
import type { CommandHandlers } from './dispatch';

export type MessageCommandName = 'messages.edit' | 'messages.delete';

export function messageCommands(requireAccount: (accountId: string) => AccountRuntime): Pick<CommandHandlers, MessageCommandName> {
  return {
    'messages.edit': async ({ accountId, conversationId, messageId, text }) => {
      const runtime = requireAccount(accountId);
      const { adapter } = runtime;
      if (!adapter.capabilities.editMessages || !adapter.editMessage) {
        throw new ParleyError('unsupported', 'Messages cannot be edited on this account.');
      }
      const edited = await adapter.editMessage({ conversationId, messageId, text });
      return runtime.publishMessage(edited);
    },
    'messages.delete': async ({ accountId, conversationId, messageId }) => {
      const runtime = requireAccount(accountId);
      const { adapter } = runtime;
      if (!adapter.capabilities.deleteMessages || !adapter.deleteMessage) {
        throw new ParleyError('unsupported', 'Messages cannot be deleted on this account.');
      }
      const tombstone = await adapter.deleteMessage({ conversationId, messageId });
      if (tombstone) await runtime.publishMessage({ ...tombstone, deleted: true, text: '' });
      else runtime.messageRemoved(conversationId, messageId);
      return null;
    },
  };
}
