import { describe, expect, it, vi } from 'vitest';
import { createWebSocketTransport } from './web-bridge';
import { takeEarlySocket } from './early-socket';

/** A socket as public/early-socket.js leaves it: opened, with a listener keeping its frames. */
function fakeEarlySocket(url: string, readyState = 1) {
  const listeners = new Map<string, Set<(e: unknown) => void>>();
  const socket = {
    readyState,
    sent: [] as unknown[],
    send: vi.fn((frame: unknown) => socket.sent.push(frame)),
    close: vi.fn(),
    addEventListener: (type: string, fn: (e: unknown) => void) => void (listeners.get(type) ?? listeners.set(type, new Set()).get(type)!).add(fn),
    removeEventListener: (type: string, fn: (e: unknown) => void) => void listeners.get(type)?.delete(fn),
    fire: (type: string, event: unknown) => [...(listeners.get(type) ?? [])].forEach((fn) => fn(event)),
  };
  const frames: unknown[] = [];
  const buffer = (event: MessageEvent) => frames.push(event.data);
  socket.addEventListener('message', buffer as (e: unknown) => void);
  const win = { __parleyEarlySocket: { url, socket: socket as unknown as WebSocket, frames, buffer } };
  return { socket, win, frames };
}

const URL = 'ws://127.0.0.1:1/ipc?secret=k&first=50';
const pushedSession = JSON.stringify({ type: 'pushed', command: 'session.get', args: {}, result: { ok: true, value: { protocols: [], accounts: [] } } });

describe('the early socket', () => {
  it('is taken once, with the frames it kept, and stops keeping them', () => {
    const { socket, win, frames } = fakeEarlySocket(URL);
    socket.fire('message', { data: 'one' });
    const taken = takeEarlySocket(URL, win);
    expect(taken?.frames).toEqual(['one']);
    socket.fire('message', { data: 'two' });
    expect(frames).toEqual(['one']);
    expect(takeEarlySocket(URL, win)).toBeNull();
    // The slot stays claimed: a late early-socket.js opens no second socket.
    expect(win.__parleyEarlySocket).toBeNull();
  });

  it('is closed, not taken, for another address or once closed', () => {
    const other = fakeEarlySocket('ws://127.0.0.1:1/ipc?secret=old&first=50');
    expect(takeEarlySocket(URL, other.win)).toBeNull();
    expect(other.socket.close).toHaveBeenCalled();
    const closed = fakeEarlySocket(URL, 3);
    expect(takeEarlySocket(URL, closed.win)).toBeNull();
  });

  it('becomes the bridge’s first connection: what it received is played back, and no socket of its own is opened', async () => {
    const { socket, win } = fakeEarlySocket(URL);
    socket.fire('message', { data: pushedSession });
    const createSocket = vi.fn();
    const transport = createWebSocketTransport({
      url: 'ws://127.0.0.1:1/ipc?secret=k',
      firstPage: 50,
      createSocket,
      adoptFirst: (url) => takeEarlySocket(url, win),
    });
    const session = await transport.invoke('session.get', {});
    expect(session).toEqual({ ok: true, value: { protocols: [], accounts: [] } });
    expect(createSocket).not.toHaveBeenCalled();
    // The socket is the bridge's now: a call goes out on it and its answer comes back.
    const settings = transport.invoke('settings.get', {});
    expect(JSON.parse(socket.sent[0] as string)).toMatchObject({ type: 'invoke', command: 'settings.get' });
    socket.fire('message', { data: JSON.stringify({ type: 'result', id: 1, result: { ok: true, value: 'x' } }) });
    expect(await settings).toEqual({ ok: true, value: 'x' });
  });
});
