// PLACEHOLDER (issue 8 in progress): the calls.* command handlers. Replaced by the call registry.
import { ParleyError } from '../../../contract/errors';
import type { CommandHandlers } from '../dispatch';

type CallCommandName = Extract<keyof CommandHandlers, `calls.${string}`>;

export function callCommands(): Pick<CommandHandlers, CallCommandName> {
  const unsupported = async (): Promise<never> => {
    throw new ParleyError('unsupported', 'Calls are not available yet.');
  };
  return {
    'calls.list': async () => [],
    'calls.start': unsupported,
    'calls.answer': unsupported,
    'calls.hangup': unsupported,
    'calls.signal': unsupported,
    'calls.setMedia': unsupported,
    'calls.requestVideo': unsupported,
  };
}
