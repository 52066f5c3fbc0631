// The contract over Electron IPC: one ipcMain.handle per command, all through one wrapper
// that checks who is calling before the core sees anything. The core's dispatcher then parses
// the arguments; nothing here trusts the renderer's types.

import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { COMMAND_NAMES } from '../../contract/commands';
import type { Result } from '../../contract/errors';
import type { HostedCore } from '../core/core';
import type { Logger } from '../core/logger';
import { isAppUrl } from './app-origin';
import type { WindowRegistry } from './windows';

/** Must match preload/index.ts. */
export const COMMAND_CHANNEL_PREFIX = 'parley:';
export const EVENT_CHANNEL = 'parley:event';

const FORBIDDEN: Result<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'This window is not allowed to use Parley.' },
};

export function registerIpc(core: HostedCore, windows: WindowRegistry, log: Logger): () => void {
  // Each webContents is one window for the core: a call it starts or accepts is held by it
  // (the media runs there) and is hung up when it is destroyed, or its renderer dies.
  const windowIds = new WeakMap<WebContents, string>();
  let nextWindow = 0;
  const windowIdOf = (contents: WebContents): string => {
    let id = windowIds.get(contents);
    if (id === undefined) {
      const assigned = (id = `window-${++nextWindow}`);
      windowIds.set(contents, assigned);
      contents.once('destroyed', () => core.windowClosed(assigned));
      contents.on('render-process-gone', () => core.windowClosed(assigned));
    }
    return id;
  };
  for (const command of COMMAND_NAMES) {
    ipcMain.handle(COMMAND_CHANNEL_PREFIX + command, (event, args: unknown) => {
      const refusal = checkSender(event, windows);
      if (refusal) {
        log.warn('IPC call refused', { command, reason: refusal });
        return FORBIDDEN;
      }
      return core.dispatch(command, args, { windowId: windowIdOf(event.sender) });
    });
  }
  // One IPC message per batch of events, to every window.
  const unsubscribe = core.onEvent((events) => {
    for (const contents of windows.contents()) contents.send(EVENT_CHANNEL, events);
  });
  return () => {
    unsubscribe();
    for (const command of COMMAND_NAMES) ipcMain.removeHandler(COMMAND_CHANNEL_PREFIX + command);
  };
}

/** Null when the caller is the top frame of one of our windows, showing the app; else why not. */
function checkSender(event: IpcMainInvokeEvent, windows: WindowRegistry): string | null {
  const frame = event.senderFrame;
  if (!frame) return 'no sender frame (navigated or destroyed)';
  if (frame.isDestroyed() || frame.detached) return 'sender frame is destroyed or detached';
  if (frame.parent) return 'not the top frame';
  if (!isAppUrl(frame.url)) return 'sender is not on the app origin';
  if (event.sender.isDestroyed() || !windows.isTrusted(event.sender)) return 'sender is not a Parley window';
  return null;
}
