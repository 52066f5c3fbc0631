// Contract events leaving the core, to every host listener (IPC to each window, WebSocket to
// each tab). A listener that throws is logged and does not stop the others from hearing it.

import type { EventName, EventPayload, ParleyEvents } from '../../contract/events';
import type { Logger } from './logger';

/** One contract event: its name and its payload, correlated. */
export type ParleyEvent = { [E in EventName]: { name: E; payload: ParleyEvents[E] } }[EventName];
export type ParleyEventListener = (name: EventName, payload: ParleyEvent['payload']) => void;

export class EventHub {
  private readonly listeners = new Set<ParleyEventListener>();

  constructor(private readonly log: Logger) {}

  on(listener: ParleyEventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    this.publish({ name, payload } as ParleyEvent);
  }

  publish({ name, payload }: ParleyEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(name, payload);
      } catch (e) {
        this.log.error('event listener failed', { event: name, error: e instanceof Error ? e.stack : String(e) });
      }
    }
  }
}
