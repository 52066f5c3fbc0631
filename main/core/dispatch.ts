// The one place where a command from a host (Electron IPC, the browser host's WebSocket)
// becomes a call into the core. Everything arriving here is untrusted: the command name is
// checked against the contract, the arguments are parsed with the command's zod schema,
// and whatever happens the caller gets a Result. A dispatch never rejects.

import type { z } from 'zod';
import { commands, isCommandName, type CommandName, type ParsedArgsOf, type ValueOf } from '../../contract/commands';
import { argumentIssues } from '../../contract/argument-issues';
import { isParleyError, type ArgumentIssue, type Result } from '../../contract/errors';
import type { Logger } from './logger';

/**
 * Where a command came from, as the host tells it: which window (an Electron webContents, a
 * browser tab's socket). The calls a window starts or accepts are held by it: their media
 * runs there, so they end when it goes (HostedCore.windowClosed).
 */
export interface CommandContext {
  windowId?: string;
}

export type CommandHandlers = {
  [C in CommandName]: (args: ParsedArgsOf<C>, context?: CommandContext) => Promise<ValueOf<C>>;
};

export interface Dispatcher {
  dispatch(command: unknown, rawArgs: unknown, context?: CommandContext): Promise<Result<unknown>>;
}

/** Shown for a bug in Parley; the details (stack) go to the log, never to the renderer. */
const INTERNAL_MESSAGE = 'Something went wrong inside Parley. The details are in the log.';
const MAX_REPORTED_ISSUES = 5;
const MAX_MESSAGE_LENGTH = 500;

export function createDispatcher(handlers: CommandHandlers, log: Logger): Dispatcher {
  return {
    async dispatch(command, rawArgs, context) {
      if (!isCommandName(command)) {
        log.warn('unknown command refused', { command: describeName(command) });
        return invalid(`"${describeName(command)}" is not a Parley command.`);
      }
      const parsed = commands[command].args.safeParse(rawArgs);
      if (!parsed.success) {
        // Log the shape of the failure only: arguments may carry a password or message text.
        log.info('command arguments refused', { command, issues: parsed.error.issues.length });
        // The issues as data too (issue 10): the renderer words them per field, in the user's language.
        return invalid(`Invalid arguments for ${command}: ${describeIssues(parsed.error.issues)}`, argumentIssues(parsed.error.issues));
      }
      // The schema table and the handler table are both keyed by CommandName; TypeScript
      // cannot correlate the two through a variable key, so the handler is called untyped.
      const handler = handlers[command] as (args: unknown, context?: CommandContext) => Promise<unknown>;
      try {
        const value = await handler(parsed.data, context);
        return { ok: true, value: value === undefined ? null : value };
      } catch (e) {
        if (isParleyError(e)) {
          log.debug('command failed', { command, code: e.code });
          return { ok: false, error: e.toData() };
        }
        log.error('command crashed', { command, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
        return { ok: false, error: { code: 'internal', message: INTERNAL_MESSAGE } };
      }
    },
  };
}

function invalid(message: string, issues?: ArgumentIssue[]): Result<never> {
  return { ok: false, error: { code: 'invalid-argument', message, ...(issues ? { issues } : {}) } };
}

/** A command name for a message or a log line: never an arbitrary object, never unbounded. */
function describeName(command: unknown): string {
  return typeof command === 'string' ? command.slice(0, 64).replace(/[^\w.:-]/g, '?') : typeof command;
}

/**
 * "field: reason" for each issue. zod's own messages name what was expected, never the
 * value received, so a password or a message text cannot leak into the answer.
 */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const parts = issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => {
    const field = issue.path.length ? issue.path.map(String).join('.') : 'arguments';
    return `${field}: ${issue.message}`;
  });
  if (issues.length > MAX_REPORTED_ISSUES) parts.push(`and ${issues.length - MAX_REPORTED_ISSUES} more`);
  // An unrecognised key is named in its message: bound what a hostile caller can make us echo.
  return truncate(parts.join('; '), MAX_MESSAGE_LENGTH);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}
