// The command names as a runtime list, kept apart from commands.ts so that the preload and
// the renderer's bridge can build `window.parley` without loading zod (the schemas are
// checked in main, the trust boundary; shipping them to the renderer only adds start-up
// weight). The two checks below make this list and the command table agree exactly, or
// the build fails.
import type { CommandName } from './commands';

export const COMMAND_NAMES = [
  'session.get',
  'session.signIn',
  'session.signUp',
  'session.signOut',
  'conversations.list',
  'conversations.openDirect',
  'conversations.markRead',
  'conversations.createGroup',
  'conversations.updateGroup',
  'conversations.leave',
  'conversations.clearHistory',
  'conversations.setMuted',
  'conversations.setPinned',
  'conversations.setBlocked',
  'conversations.answerRequest',
  'conversations.nudge',
  'messages.list',
  'messages.send',
  'messages.retry',
  'messages.sendFile',
  'messages.cancelUpload',
  'files.save',
  'messages.edit',
  'messages.delete',
  'messages.pending',
  'connection.retry',
  'typing.set',
  'presence.watch',
  'users.search',
  'users.get',
  'settings.get',
  'settings.set',
  'ui.report',
  'links.openExternal',
  'calls.list',
  'calls.start',
  'calls.answer',
  'calls.hangup',
  'calls.signal',
  'calls.setMedia',
  'calls.requestVideo',
  // Added for issue 10 (G): Help's "Copy debug info" and "Open logs folder".
  'support.debugInfo',
  'support.openLogsFolder',
] as const satisfies readonly CommandName[];

type Listed = (typeof COMMAND_NAMES)[number];
/** Fails to compile when a command is added to commands.ts but not listed here. */
export const everyCommandIsListed: Exclude<CommandName, Listed> extends never ? true : never = true;

/** The largest file the contract carries (a protocol's own limit is usually lower: `attachmentLimits`). */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

/** The longest message text the contract accepts; the composer enforces it too. */
export const MAX_MESSAGE_LENGTH = 10_000;
