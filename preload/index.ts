// The sandboxed preload: the whole of what the renderer gets from Electron is `window.parley`,
// one typed method per contract command plus `on(event, listener)`. Nothing raw crosses:
// no ipcRenderer, no generic invoke or send, and listeners never see an IpcRendererEvent
// (its `sender` would hand the page ipcRenderer itself).

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createParleyApi, type ParleyTransport } from '../contract/api';
import type { CommandName } from '../contract/commands';
import type { Result } from '../contract/errors';
import { validEvents, type ParleyEvent } from '../contract/events';

/** Must match main/electron/ipc.ts. */
const COMMAND_CHANNEL_PREFIX = 'parley:';
const EVENT_CHANNEL = 'parley:event';

const listeners = new Set<(events: readonly ParleyEvent[]) => void>();
let listening = false;

function onEventFromMain(_event: IpcRendererEvent, batch: unknown): void {
  const events = validEvents(batch);
  if (events.length === 0) return;
  for (const listener of [...listeners]) {
    try {
      listener(events);
    } catch (e) {
      console.error('[parley] event listener failed', e);
    }
  }
}

const transport: ParleyTransport = {
  invoke(command: CommandName, args: unknown): Promise<Result<unknown>> {
    // Only contract command names reach here (createParleyApi builds one method per name).
    return ipcRenderer.invoke(COMMAND_CHANNEL_PREFIX + command, args) as Promise<Result<unknown>>;
  },
  subscribe(listener) {
    // One IPC listener however many subscribers: the registry fans out.
    if (!listening) {
      ipcRenderer.on(EVENT_CHANNEL, onEventFromMain);
      listening = true;
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};

contextBridge.exposeInMainWorld('parley', createParleyApi(transport));
