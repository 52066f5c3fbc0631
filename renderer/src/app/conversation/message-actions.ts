// Which of Edit and Delete a message offers. Only my own messages that the server holds
// (acknowledged, with an ID), that are not deleted, and not system lines; and only where
// the account's protocol can (capabilities). The server is still the judge: it refuses
// anyone else's message, and this keeps the UI from offering what it would refuse.

import type { Capabilities, Message } from '../../contract';

export interface MessageActions {
  edit: boolean;
  delete: boolean;
}

export const NO_ACTIONS: MessageActions = Object.freeze({ edit: false, delete: false });

const ACKED = new Set<Message['status']>(['sent', 'delivered', 'read']);

export function messageActions(
  m: Pick<Message, 'kind' | 'status' | 'id' | 'deleted' | 'text'>,
  own: boolean,
  capabilities: Pick<Capabilities, 'editMessages' | 'deleteMessages'> | undefined,
): MessageActions {
  if (!own || !capabilities || m.kind !== 'text' || m.deleted || !m.id || !ACKED.has(m.status)) return NO_ACTIONS;
  return {
    // A message of files alone has no text to edit.
    edit: capabilities.editMessages && m.text !== '',
    delete: capabilities.deleteMessages,
  };
}
