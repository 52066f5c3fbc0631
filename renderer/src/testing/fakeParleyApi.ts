// A fake ParleyApi for unit tests: canned answers per command, a call log, and `emit` to
// play main's events. Built with the contract's own `createParleyApi`, so its shape is
// exactly what the preload and the browser bridge provide. Never imported by the app.

import { createParleyApi, type ParleyTransport } from '../../../contract/api';
import type { ArgsOf, CommandName, ValueOf } from '../../../contract/commands';
import type { EventName, EventPayload, ParleyEvent } from '../../../contract/events';
import type { ParleyApi, Result } from '../contract';

export type FakeHandler<C extends CommandName> = (args: ArgsOf<C>) => Result<ValueOf<C>> | Promise<Result<ValueOf<C>>>;
type Handlers = { [C in CommandName]?: FakeHandler<C> };

export interface FakeCall {
  command: CommandName;
  args: unknown;
}

export interface FakeParleyApi {
  api: ParleyApi;
  calls: FakeCall[];
  callsTo<C extends CommandName>(command: C): ArgsOf<C>[];
  handle<C extends CommandName>(command: C, handler: FakeHandler<C>): void;
  /** The handler now answering `command`, to wrap or restore it. */
  handlerOf<C extends CommandName>(command: C): FakeHandler<C>;
  /** Plays one event from main, as a batch of one. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Plays one batch of events from main, as main's event hub groups them. */
  emitBatch(events: ParleyEvent[]): void;
}

export function createFakeParleyApi(): FakeParleyApi {
  const handlers: Handlers = {};
  const calls: FakeCall[] = [];
  const listeners = new Set<(events: readonly ParleyEvent[]) => void>();
  const transport: ParleyTransport = {
    async invoke(command, args) {
      calls.push({ command, args });
      const handler = handlers[command] as FakeHandler<CommandName> | undefined;
      if (!handler) return { ok: false, error: { code: 'unsupported', message: `fake: no handler for ${command}` } };
      return handler(args as ArgsOf<CommandName>);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    api: createParleyApi(transport),
    calls,
    callsTo: <C extends CommandName>(command: C) =>
      calls.filter((c) => c.command === command).map((c) => c.args as ArgsOf<C>),
    handle: (command, handler) => {
      (handlers as Record<string, unknown>)[command] = handler;
    },
    handlerOf: <C extends CommandName>(command: C) => {
      const handler = handlers[command] as FakeHandler<C> | undefined;
      if (!handler) throw new Error(`fake: no handler for ${command}`);
      return handler;
    },
    emit: (event, payload) => {
      const batch = [{ name: event, payload } as ParleyEvent];
      listeners.forEach((l) => l(batch));
    },
    emitBatch: (events) => listeners.forEach((l) => l(events)),
  };
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
