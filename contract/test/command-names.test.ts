import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../command-names';
import { commands } from '../commands';
import { createParleyApi, type ParleyTransport } from '../api';

describe('the command list used by the preload and the browser bridge', () => {
  it('names exactly the commands of the contract table', () => {
    expect([...COMMAND_NAMES].sort()).toEqual(Object.keys(commands).sort());
  });

  it('gives window.parley one method per command, routed to that command', async () => {
    const seen: string[] = [];
    const transport: ParleyTransport = {
      invoke: (command) => {
        seen.push(command);
        return Promise.resolve({ ok: true, value: null });
      },
      subscribe: () => () => undefined,
    };
    const api = createParleyApi(transport) as unknown as Record<string, Record<string, (a: unknown) => Promise<unknown>>>;
    for (const name of COMMAND_NAMES) {
      const [ns, method] = name.split('.') as [string, string];
      await api[ns]![method]!({});
    }
    expect(seen).toEqual([...COMMAND_NAMES]);
  });
});
