// "Delivered" marks: when messages from others reach this device (pushed or caught up on
// after a reconnect), the server hears `update_message {status: 2}` for the newest one per
// conversation, so their senders see "delivered". Best effort and coalesced: at most one
// request in flight per conversation; marks that arrive meanwhile collapse into the newest,
// sent when the first answers. A mark never goes backwards (the server ignores those anyway).

import { compareIds, type Id } from '../../../contract/domain';
import { errorName, type Logger } from '../../core/logger';

export class DeliveredMarks {
  /** Per conversation: the newest message waiting to be marked. */
  private readonly waiting = new Map<Id, Id>();
  /** Per conversation: the newest mark sent (or being sent). */
  private readonly sent = new Map<Id, Id>();
  private readonly inFlight = new Set<Id>();

  constructor(
    private readonly send: (conversationId: Id, messageId: Id) => Promise<void>,
    private readonly log: Logger,
  ) {}

  /** A message from someone else arrived in `conversationId`. */
  note(conversationId: Id, messageId: Id): void {
    const sent = this.sent.get(conversationId);
    if (sent !== undefined && compareIds(messageId, sent) <= 0) return;
    const waiting = this.waiting.get(conversationId);
    if (waiting === undefined || compareIds(messageId, waiting) > 0) this.waiting.set(conversationId, messageId);
    this.pump(conversationId);
  }

  private pump(conversationId: Id): void {
    if (this.inFlight.has(conversationId)) return;
    const messageId = this.waiting.get(conversationId);
    if (messageId === undefined) return;
    this.waiting.delete(conversationId);
    this.inFlight.add(conversationId);
    this.sent.set(conversationId, messageId);
    this.send(conversationId, messageId)
      .catch((e: unknown) => {
        // Offline or refused: the next message (or the next reconnect's catch-up) marks again.
        if (this.sent.get(conversationId) === messageId) this.sent.delete(conversationId);
        this.log.debug('delivered mark not sent', { error: errorName(e) });
      })
      .finally(() => {
        this.inFlight.delete(conversationId);
        this.pump(conversationId);
      });
  }
}
