// `window.parley`: one method per contract command, grouped by namespace
// (`parley.messages.send(args)`), plus `on(event, listener)` and `onBatch(listener)`, which
// return an unsubscribe. The Electron preload and the browser host's bridge build it from
// the same table over different transports, so the renderer cannot tell (and need not
// care) which host it runs in.

import { COMMAND_NAMES } from './command-names';
import type { ArgsOf, CommandName, ErrorsOf, ValueOf } from './commands';
import type { Result } from './errors';
import type { EventName, EventPayload, ParleyEvent } from './events';

type Namespace = CommandName extends infer C ? (C extends `${infer N}.${string}` ? N : never) : never;

export type CommandMethod<C extends CommandName> = (args: ArgsOf<C>) => Promise<Result<ValueOf<C>, ErrorsOf<C>>>;

export type ParleyApi = {
  readonly [N in Namespace]: {
    readonly [C in CommandName as C extends `${N}.${infer M}` ? M : never]: CommandMethod<C>;
  };
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Every event, a batch at a time, in main's order. */
  onBatch(listener: (events: readonly ParleyEvent[]) => void): () => void;
};

/** What a host provides: a way to invoke a command and a way to hear event batches. Nothing else. */
export interface ParleyTransport {
  invoke(command: CommandName, args: unknown): Promise<Result<unknown>>;
  subscribe(listener: (events: readonly ParleyEvent[]) => void): () => void;
}

export function createParleyApi(transport: ParleyTransport): ParleyApi {
  const api: Record<string, unknown> = {};
  for (const name of COMMAND_NAMES) {
    const [namespace, method] = name.split('.') as [string, string];
    const group = (api[namespace] ??= {}) as Record<string, unknown>;
    group[method] = (args: unknown) => transport.invoke(name, args ?? {});
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) =>
    transport.subscribe((events) => {
      for (const e of events) if (e.name === event) listener(e.payload);
    });
  api.onBatch = (listener: (events: readonly ParleyEvent[]) => void) => transport.subscribe(listener);
  return api as ParleyApi;
}
