// Each IPC socket is one window for the core: its commands carry that window's ID, and when
// it closes the core hears windowClosed with that ID (the calls the tab held are hung up).
// Against a recording HostedCore (a fake host seam, no core behind it).

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Result } from '../../../contract/errors';
import type { HostedCore } from '../../core/core';
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
  const core: HostedCore = {
    dispatch: async (command, _args, context): Promise<Result<unknown>> => {
      dispatched.push({ command, context });
      return { ok: true, value: null };
    },
    onEvent: () => () => undefined,
    windowClosed: (windowId) => {
      closed.push(windowId);
      onClosed?.();
    },
  };
  const nextClose = () => new Promise<void>((resolve) => (onClosed = resolve));
  return { core, dispatched, closed, nextClose };
}

async function serve(core: HostedCore) {
  const ipc = createIpcSocketServer(core, createMemoryLogger());
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
