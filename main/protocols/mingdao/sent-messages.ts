// Settling a send whose ack was lost, without a history call (see MingdaoAdapter.findSentMessage):
// copies of the user's own messages pushed to this connection (sent from another of their
// connections, or an earlier one of this), and the conversation's last message from
// `session info`.

import type { Id } from '../../../contract/domain';
import { ParleyError } from '../../../contract/errors';
import type { ConversationData, MessageData } from '../../core/adapter';

/** Clock skew between this machine and the server, when comparing a message's time with the attempt's. */
export const SKEW_MS = 30_000;
const REMEMBERED = 500;

export interface FindRequest {
  conversationId: Id;
  text: string;
  notBefore: number;
  exclude: Id[];
}

/** The user's own messages seen on this connection, newest last (bounded). */
export class OwnCopies {
  private readonly copies: MessageData[] = [];

  add(message: MessageData): void {
    this.copies.push(message);
    if (this.copies.length > REMEMBERED) this.copies.splice(0, this.copies.length - REMEMBERED);
  }

  /** The oldest copy that matches: the one the lost attempt stored. */
  find(req: FindRequest): MessageData | null {
    const excluded = new Set(req.exclude);
    return (
      this.copies.find(
        (m) => m.conversationId === req.conversationId && m.text === req.text && m.id !== undefined && !excluded.has(m.id) && m.sentAt >= req.notBefore - SKEW_MS,
      ) ?? null
    );
  }
}

/**
 * From the conversation's last message: ours with this text → it arrived; older than the
 * attempt (or none) → nothing arrived, resend; anything else → cannot tell (throws, so the
 * core marks the message failed for the user to retry).
 */
export function settleFromSession(current: ConversationData | null, req: FindRequest & { me: Id }): MessageData | null {
  const last = current?.lastMessage;
  if (!last || last.sentAt < req.notBefore - SKEW_MS) return null;
  const id = last.messageId;
  if (last.senderId === req.me && last.text === req.text && id !== undefined && !req.exclude.includes(id)) {
    return { conversationId: req.conversationId, id, senderId: req.me, kind: 'text', text: req.text, sentAt: last.sentAt, status: 'sent' };
  }
  if (id !== undefined && req.exclude.includes(id) && last.senderId === req.me && last.text === req.text) return null;
  throw new ParleyError('server-error', 'Mingdao keeps no history to check whether it arrived; retry it if it did not');
}
