// Contract events leaving the core, to every host listener (IPC to each window, WebSocket to
// each tab), in batches: everything emitted in one turn of the event loop goes out as one
// batch, in order. A burst of pushed messages (socket.io hands several packets to one read)
// then costs each window one frame, one cache transaction and one render, not one per
// message. A listener that throws is logged and does not stop the others from hearing it.
// Windows listen with `coalesce`: they hear each batch without the states it overwrites
// (event-coalescing.ts); the core's own listeners hear every event.

import type { EventName, EventPayload, ParleyEvent } from '../../contract/events';
import { coalesceForWindows } from './event-coalescing';
import type { Logger } from './logger';

export type { ParleyEvent };
export type ParleyEventListener = (events: readonly ParleyEvent[]) => void;

/** How the hub waits for the end of the current turn; tests may pass a synchronous one. */
export type Scheduler = (flush: () => void) => void;

export interface ListenOptions {
  /** Hear each batch without the events a later one of it overrides (event-coalescing.ts). */
  coalesce?: boolean;
}

export class EventHub {
  private readonly listeners = new Map<ParleyEventListener, ListenOptions>();
  private pending: ParleyEvent[] = [];
  private scheduled = false;

  constructor(
    private readonly log: Logger,
    private readonly schedule: Scheduler = (flush) => setImmediate(flush),
  ) {}

  on(listener: ParleyEventListener, options: ListenOptions = {}): () => void {
    this.listeners.set(listener, options);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    this.publish({ name, payload } as ParleyEvent);
  }

  publish(event: ParleyEvent): void {
    this.pending.push(event);
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  /** Sends what is pending now. */
  flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    let coalesced: readonly ParleyEvent[] | null = null;
    for (const [listener, options] of [...this.listeners]) {
      try {
        listener(options.coalesce ? (coalesced ??= coalesceForWindows(batch)) : batch);
      } catch (e) {
        this.log.error('event listener failed', { events: batch.length, error: e instanceof Error ? e.stack : String(e) });
      }
    }
  }
}
