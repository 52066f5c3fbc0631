// Each IPC socket is one window for the core: its commands carry that window's ID, and when
// it closes the core hears windowClosed with that ID (the calls the tab held are hung up).
// A tab that stops reading is closed once too much waits for it (MAX_BUFFERED_BYTES).
// Against a recording HostedCore (a fake host seam, no core behind it).

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Result } from '../../../contract/errors';
import type { HostedCore } from '../../core/core';
import type { ParleyEventListener } from '../../core/event-hub';
import type { CommandContext } from '../../core/dispatch';
import { createMemoryLogger } from '../../core/logger';
import { createIpcSocketServer } from '../ipc-socket';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function recordingCore() {
  const dispatched: Array<{ command: unknown; context: CommandContext | undefined }> = [];
  const closed: string[] = [];
  let onClosed: (() => void) | undefined;
  let listener: ParleyEventListener = () => undefined;
  const core: HostedCore = {
    dispatch: async (command, _args, context): Promise<Result<unknown>> => {
      dispatched.push({ command, context });
      return { ok: true, value: null };
    },
    onEvent: (l) => {
      listener = l;
      return () => undefined;
    },
    windowClosed: (windowId) => {
      closed.push(windowId);
      onClosed?.();
    },
  };
  const nextClose = () => new Promise<void>((resolve) => (onClosed = resolve));
  /** The core emitting one batch of events to every socket. */
  const emit: ParleyEventListener = (events) => listener(events);
  return { core, dispatched, closed, nextClose, emit };
}

async function serve(core: HostedCore, opts: { maxBufferedBytes?: number } = {}) {
  const ipc = createIpcSocketServer(core, createMemoryLogger(), opts);
  const http = createServer();
  http.on('upgrade', (req, socket, head) => ipc.wss.handleUpgrade(req, socket, head, (ws) => ipc.wss.emit('connection', ws, req)));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => http.close(() => resolve())), () => ipc.close());
  return `ws://127.0.0.1:${(http.address() as AddressInfo).port}/ipc`;
}

async function tab(url: string) {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let id = 0;
  const invoke = (command: string) =>
    new Promise<void>((resolve) => {
      const mine = ++id;
      const onMessage = (data: Buffer) => {
        const frame = JSON.parse(data.toString()) as { type: string; id?: number };
        if (frame.type === 'result' && frame.id === mine) {
          ws.off('message', onMessage);
          resolve();
        }
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ type: 'invoke', id: mine, command, args: {} }));
    });
  return { ws, invoke };
}

describe('IPC sockets as windows', () => {
  it("tells the core which tab sent each command, and when a tab goes", async () => {
    const { core, dispatched, closed, nextClose } = recordingCore();
    const url = await serve(core);
    const a = await tab(url);
    const b = await tab(url);
    await a.invoke('calls.list');
    await a.invoke('calls.start');
    await b.invoke('calls.list');
    const [first, second, third] = dispatched.map((d) => d.context?.windowId);
    expect(first).toMatch(/^tab-/);
    expect(second).toBe(first);
    expect(third).toMatch(/^tab-/);
    expect(third).not.toBe(first);

    const gone = nextClose();
    a.ws.close();
    await gone;
    expect(closed).toEqual([first]);
    b.ws.close();
  });
});

describe('a tab that stops reading', () => {
  it('is closed once more than the limit waits for it, while a tab that reads hears every batch', async () => {
    const { core, closed, nextClose, emit } = recordingCore();
    const limit = 1024 * 1024;
    const url = await serve(core, { maxBufferedBytes: limit });
    const stalled = await tab(url);
    const reading = await tab(url);
    let heard = 0;
    reading.ws.on('message', () => (heard += 1));
    // The stalled tab's client stops reading its TCP socket: what the host sends it piles up
    // in the kernel's buffers, then in the host.
    stalled.ws.pause();
    const gone = nextClose();
    let isGone = false;
    void gone.then(() => (isGone = true));
    // Batches of about 256 KB, each given time to go out, until the host closes the stalled
    // tab (with no limit, never: 400 batches are 100 MB).
    const text = 'x'.repeat(256 * 1024);
    let sent = 0;
    while (!isGone && sent < 400) {
      emit([{ name: 'settings.changed', payload: { text } } as never]);
      sent += 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(isGone).toBe(true);
    expect(closed).toHaveLength(1);
    // The host kept at most the limit for it: what the kernel holds besides is bounded by its
    // buffers, so the stalled tab was closed well before everything was sent.
    expect(sent).toBeLessThan(400);
    // The tab that reads was never closed and hears every batch.
    await expect.poll(() => heard).toBe(sent);
    expect(reading.ws.readyState).toBe(WebSocket.OPEN);
    reading.ws.close();
  });
});
