// The IPC contract over a WebSocket: what the Electron preload does with ipcRenderer, the
// browser bridge (renderer/src/host/web-bridge.ts) does with these JSON text frames.
//   client → host  {"type":"invoke","id":1,"command":"session.get","args":{}}
//   host → client  {"type":"result","id":1,"result":{"ok":true,"value":...}}
//                  {"type":"events","events":[{"name":"message.upserted","payload":{...}}, ...]}
//                  {"type":"error","message":"..."}   (a malformed frame; the socket stays up)
// Sockets reach this module only after the upgrade passed the secret and Origin checks.

import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { z } from 'zod';
import type { ParleyEvent } from '../../contract/events';
import type { HostedCore } from '../core/core';
import type { Logger } from '../core/logger';

export const MAX_FRAME_BYTES = 1024 * 1024;

const InvokeFrame = z
  .object({
    type: z.literal('invoke'),
    id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    command: z.string().max(128),
    args: z.unknown(),
  })
  .strict();

export type HostFrame =
  | { type: 'result'; id: number; result: unknown }
  | { type: 'events'; events: readonly ParleyEvent[] }
  | { type: 'error'; id?: number; message: string };

export interface IpcSocketServer {
  readonly wss: WebSocketServer;
  /** Closes every socket at once; the bridges see the close and report 'offline'. */
  close(): Promise<void>;
}

export function createIpcSocketServer(core: HostedCore, log: Logger): IpcSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });

  // One subscription for the host, fanned out to every authenticated socket: one frame per batch.
  const unsubscribe = core.onEvent((events) => {
    const frame = JSON.stringify({ type: 'events', events } satisfies HostFrame);
    for (const socket of wss.clients) {
      if (socket.readyState === WebSocket.OPEN) socket.send(frame);
    }
  });

  wss.on('connection', (socket) => {
    log.info('renderer connected', { sockets: wss.clients.size });
    socket.on('message', (data, isBinary) => onFrame(socket, data, isBinary));
    socket.on('error', (e) => log.warn('renderer socket error', { error: e.message }));
    socket.on('close', () => log.info('renderer disconnected', { sockets: wss.clients.size }));
  });

  function onFrame(socket: WebSocket, data: RawData, isBinary: boolean): void {
    if (isBinary) return send(socket, { type: 'error', message: 'frames must be JSON text' });
    let json: unknown;
    try {
      json = JSON.parse(rawToString(data));
    } catch {
      return send(socket, { type: 'error', message: 'a frame must be valid JSON' });
    }
    const frame = InvokeFrame.safeParse(json);
    if (!frame.success) {
      const id = idOf(json);
      return send(socket, {
        type: 'error',
        ...(id !== undefined ? { id } : {}),
        message: 'a frame must be {"type":"invoke","id":<number>,"command":"<name>","args":{...}}',
      });
    }
    const { id, command, args } = frame.data;
    // The core parses the arguments and never rejects; a rejection here would be a bug.
    core.dispatch(command, args).then(
      (result) => send(socket, { type: 'result', id, result }),
      (e: unknown) => {
        log.error('dispatch rejected', { error: e instanceof Error ? e.stack : String(e) });
        send(socket, { type: 'result', id, result: { ok: false, error: { code: 'internal', message: 'Internal error' } } });
      },
    );
  }

  function send(socket: WebSocket, frame: HostFrame): void {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }

  return {
    wss,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        for (const socket of wss.clients) socket.terminate();
        wss.close(() => resolve());
      }),
  };
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

/** Lets a client settle its pending call even when the rest of the frame was malformed. */
function idOf(json: unknown): number | undefined {
  if (typeof json !== 'object' || json === null || !('id' in json)) return undefined;
  const id = (json as { id: unknown }).id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : undefined;
}
