// Test helpers: await adapter events instead of sleeping.

import type { AdapterEvent, ProtocolAdapter } from '../../../core/adapter';

export type EventOf<K extends AdapterEvent['type']> = Extract<AdapterEvent, { type: K }>;

/**
 * The next event of `type` (matching `predicate`) that `adapter` emits. Subscribe before
 * triggering what should cause it. Rejects after `timeoutMs` with a readable message, so a
 * missing event fails the test instead of hanging it.
 */
export function nextEvent<K extends AdapterEvent['type']>(
  adapter: ProtocolAdapter,
  type: K,
  predicate: (event: EventOf<K>) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<EventOf<K>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no '${type}' event matching the predicate within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = adapter.onEvent((event) => {
      if (event.type !== type) return;
      const typed = event as EventOf<K>;
      if (!predicate(typed)) return;
      clearTimeout(timer);
      off();
      resolve(typed);
    });
  });
}

export function nextState(
  adapter: ProtocolAdapter,
  state: 'connecting' | 'online' | 'offline',
): Promise<EventOf<'connection'>> {
  return nextEvent(adapter, 'connection', (e) => e.state === state);
}

/** Everything `adapter` emits from now on, in order. */
export function record(adapter: ProtocolAdapter): AdapterEvent[] {
  const events: AdapterEvent[] = [];
  adapter.onEvent((e) => events.push(e));
  return events;
}

/** Resolves with the error a promise rejects with; fails if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection, but the promise resolved');
}
