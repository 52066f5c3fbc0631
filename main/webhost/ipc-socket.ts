// The IPC contract over a WebSocket: what the Electron preload does with ipcRenderer, the
// browser bridge (renderer/src/host/web-bridge.ts) does with these JSON text frames.
//   client → host  {"type":"invoke","id":1,"command":"session.get","args":{}}
//   host → client  {"type":"result","id":1,"result":{"ok":true,"value":...}}
//                  {"type":"events","events":[{"name":"message.upserted","payload":{...}}, ...]}
//                  {"type":"error","message":"..."}   (a malformed frame; the socket stays up)
// One command carries a file, `messages.sendFile`: it comes as a binary frame,
//   [uint32 big-endian n][n bytes: the invoke frame's JSON, args without `bytes`][the file's bytes]
// so that a 25 MB file is not inflated by base64 nor parsed as JSON. Text frames stay at 1 MiB.
// Sockets reach this module only after the upgrade passed the secret and Origin checks.

import { randomUUID } from 'node:crypto';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { z } from 'zod';
import type { ParleyEvent } from '../../contract/events';
import { MAX_FILE_BYTES } from '../../contract/command-names';
import type { HostedCore } from '../core/core';
import type { Logger } from '../core/logger';

export const MAX_FRAME_BYTES = 1024 * 1024;
/** A binary (file) frame: the contract's largest file and its header. */
export const MAX_FILE_FRAME_BYTES = MAX_FILE_BYTES + 64 * 1024;
/**
 * How far one tab may fall behind before its socket is closed. Frames for a tab that stops
 * reading (a frozen or hung page, a client that never reads) queue in the host, without limit
 * before this: 12 MB of requests left unread grew the host to 2.4 GB, and a frozen tab beside
 * a chatting one held about 100 MB more per 3,000 messages. A healthy tab reads as frames
 * come (a burst of 10,000 messages is about 3.3 MB of frames). Closed, a tab reconnects when it
 * can and reads its accounts and lists again (web-bridge.ts), as after the host restarted.
 */
export const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
/** The only command that may come as a binary frame. */
const FILE_COMMAND = 'messages.sendFile';

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

export function createIpcSocketServer(core: HostedCore, log: Logger, opts: { maxBufferedBytes?: number } = {}): IpcSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FILE_FRAME_BYTES, perMessageDeflate: false });
  const maxBuffered = opts.maxBufferedBytes ?? MAX_BUFFERED_BYTES;

  // One subscription for the host, fanned out to every authenticated socket: one frame per batch.
  const unsubscribe = core.onEvent((events) => {
    const frame = JSON.stringify({ type: 'events', events } satisfies HostFrame);
    for (const socket of wss.clients) deliver(socket, frame);
  });

  /** Sends `text`, unless the tab is too far behind to take it: then its socket goes (MAX_BUFFERED_BYTES). */
  function deliver(socket: WebSocket, text: string): void {
    if (socket.readyState !== WebSocket.OPEN) return;
    if (socket.bufferedAmount + text.length > maxBuffered) {
      log.warn('renderer not reading: its socket is closed, it will reconnect', { buffered: socket.bufferedAmount, frame: text.length });
      socket.terminate();
      return;
    }
    socket.send(text);
  }

  wss.on('connection', (socket) => {
    // Each socket is one tab: the window a call it starts or accepts is held by, and whose
    // going (a closed tab, a reload) hangs that call up.
    const windowId = `tab-${randomUUID()}`;
    log.info('renderer connected', { sockets: wss.clients.size });
    socket.on('message', (data, isBinary) => onFrame(socket, windowId, data, isBinary));
    socket.on('error', (e) => log.warn('renderer socket error', { error: e.message }));
    socket.on('close', () => {
      log.info('renderer disconnected', { sockets: wss.clients.size });
      core.windowClosed(windowId);
    });
  });

  function onFrame(socket: WebSocket, windowId: string, data: RawData, isBinary: boolean): void {
    const raw = rawToBuffer(data);
    let json: unknown;
    let bytes: Uint8Array | undefined;
    if (isBinary) {
      const split = splitFileFrame(raw);
      if (!split) return send(socket, { type: 'error', message: 'a binary frame is [uint32 header length][JSON header][file bytes]' });
      json = split.header;
      bytes = split.bytes;
      if ((json as { command?: unknown } | null)?.command !== FILE_COMMAND) {
        return send(socket, { type: 'error', ...idField(json), message: `only ${FILE_COMMAND} may come as a binary frame` });
      }
    } else {
      // The socket takes file-sized frames for the one binary command; JSON stays small.
      // As ws itself would with maxPayload at 1 MiB: 1009, message too big.
      if (raw.byteLength > MAX_FRAME_BYTES) return socket.close(1009, 'text frames are at most 1 MiB');
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        return send(socket, { type: 'error', message: 'a frame must be valid JSON' });
      }
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
    const { id, command } = frame.data;
    const args = bytes && typeof frame.data.args === 'object' && frame.data.args !== null ? { ...frame.data.args, bytes } : frame.data.args;
    // The core parses the arguments and never rejects; a rejection here would be a bug.
    core.dispatch(command, args, { windowId }).then(
      (result) => send(socket, { type: 'result', id, result }),
      (e: unknown) => {
        log.error('dispatch rejected', { error: e instanceof Error ? e.stack : String(e) });
        send(socket, { type: 'result', id, result: { ok: false, error: { code: 'internal', message: 'Internal error' } } });
      },
    );
  }

  function send(socket: WebSocket, frame: HostFrame): void {
    deliver(socket, JSON.stringify(frame));
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

function rawToBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return data;
}

/** A file frame's JSON header and its bytes; null when it is not one. */
function splitFileFrame(raw: Buffer): { header: unknown; bytes: Uint8Array } | null {
  if (raw.byteLength < 4) return null;
  const length = raw.readUInt32BE(0);
  if (length > MAX_FRAME_BYTES || 4 + length > raw.byteLength) return null;
  try {
    return { header: JSON.parse(raw.subarray(4, 4 + length).toString('utf8')), bytes: new Uint8Array(raw.subarray(4 + length)) };
  } catch {
    return null;
  }
}

function idField(json: unknown): { id?: number } {
  const id = idOf(json);
  return id !== undefined ? { id } : {};
}

/** Lets a client settle its pending call even when the rest of the frame was malformed. */
function idOf(json: unknown): number | undefined {
  if (typeof json !== 'object' || json === null || !('id' in json)) return undefined;
  const id = (json as { id: unknown }).id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : undefined;
}
