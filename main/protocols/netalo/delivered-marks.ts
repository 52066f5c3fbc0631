// "Delivered" marks: when messages from others reach this device (pushed or caught up on
// after a reconnect), the server hears `update_message {status: 2}` for the newest one per
// conversation, so their senders see "delivered". Best effort and coalesced, per conversation:
// - at most one request in flight; marks that arrive meanwhile collapse into the newest;
// - at most one request per `minIntervalMs` (1 s): during a burst every mark is a server
//   transaction (an fsync) and an `update_group` to every member, so one per round trip
//   doubled the server's work per message. The first mark of a quiet conversation goes at
//   once; later ones wait out the interval, and the newest is always sent at its end.
// A mark never goes backwards (the server ignores those anyway).

import { compareIds, type Id } from '../../../contract/domain';
import { errorName, type Logger } from '../../core/logger';

/** The shortest time between two marks of one conversation. */
export const DELIVERED_MARK_INTERVAL_MS = 1_000;

export class DeliveredMarks {
  /** Per conversation: the newest message waiting to be marked. */
  private readonly waiting = new Map<Id, Id>();
  /** Per conversation: the newest mark sent (or being sent). */
  private readonly sent = new Map<Id, Id>();
  private readonly inFlight = new Set<Id>();
  /** Per conversation: when its last mark was sent. */
  private readonly sentAt = new Map<Id, number>();
  /** Per conversation: the timer that sends the waiting mark once the interval is over. */
  private readonly timers = new Map<Id, ReturnType<typeof setTimeout>>();
  private stopped = false;

  constructor(
    private readonly send: (conversationId: Id, messageId: Id) => Promise<void>,
    private readonly log: Logger,
    private readonly minIntervalMs = DELIVERED_MARK_INTERVAL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** A message from someone else arrived in `conversationId`. */
  note(conversationId: Id, messageId: Id): void {
    if (this.stopped) return;
    const sent = this.sent.get(conversationId);
    if (sent !== undefined && compareIds(messageId, sent) <= 0) return;
    const waiting = this.waiting.get(conversationId);
    if (waiting === undefined || compareIds(messageId, waiting) > 0) this.waiting.set(conversationId, messageId);
    this.pump(conversationId);
  }

  /** The adapter closed: nothing more is sent. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.waiting.clear();
  }

  private pump(conversationId: Id): void {
    if (this.stopped || this.inFlight.has(conversationId) || this.timers.has(conversationId)) return;
    const messageId = this.waiting.get(conversationId);
    if (messageId === undefined) return;
    const wait = (this.sentAt.get(conversationId) ?? -Infinity) + this.minIntervalMs - this.now();
    if (wait > 0) {
      const timer = setTimeout(() => {
        this.timers.delete(conversationId);
        this.pump(conversationId);
      }, wait);
      timer.unref?.();
      this.timers.set(conversationId, timer);
      return;
    }
    this.waiting.delete(conversationId);
    this.inFlight.add(conversationId);
    this.sent.set(conversationId, messageId);
    this.sentAt.set(conversationId, this.now());
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
