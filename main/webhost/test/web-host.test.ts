import { mkdirSync, writeFileSync } from 'node:fs';
import { encodeFrame } from '../../../renderer/src/host/web-bridge';
import { request, type IncomingHttpHeaders } from 'node:http';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ParleyCore } from '../../core/core';
import { createMemoryLogger } from '../../core/logger';
import { FAKE_PASSWORD } from '../../core/test/fake-adapter';
import { APPEARANCE_BOOT_HASH } from '../../core/content-security-policy';
import { tempDirsForFile } from '../../core/test/temp-dirs';
import { startWebHost, type WebHost } from '../web-host';
import { startTestHost } from './test-host';

// A renderer directory with a secret file beside it: the traversal tests try to read it.
const tempDir = tempDirsForFile();
const base = tempDir('webhost');
const rendererDir = join(base, 'renderer');
mkdirSync(join(rendererDir, 'assets'), { recursive: true });
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Parley</title>');
writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("parley")');
writeFileSync(join(base, 'outside.txt'), 'OUTSIDE-THE-RENDERER');

let host: WebHost;
let core: ParleyCore;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ core, host, stop } = await startTestHost(base, rendererDir));
});

afterAll(() => stop?.());

// --- helpers ------------------------------------------------------------------------------

interface Socket {
  ws: WebSocket;
  /** The next frame, in order, however early it arrived. */
  next(): Promise<Record<string, unknown>>;
  invoke(command: string, args: unknown): Promise<unknown>;
}

let nextId = 1;

function ipcUrl(secret: string | null): string {
  const wsOrigin = host.origin.replace(/^http/, 'ws');
  return secret === null ? `${wsOrigin}/ipc` : `${wsOrigin}/ipc?secret=${secret}`;
}

/** Resolves with the open socket, or with the HTTP status the upgrade was refused with. */
function connect(url: string, origin: string | undefined): Promise<Socket | { refused: number }> {
  const ws = new WebSocket(url, origin === undefined ? {} : { origin });
  const frames: Array<Record<string, unknown>> = [];
  const waiters: Array<(f: Record<string, unknown>) => void> = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as Record<string, unknown>;
    const waiter = waiters.shift();
    if (waiter) waiter(frame);
    else frames.push(frame);
  });
  const next = () => {
    const ready = frames.shift();
    return ready ? Promise.resolve(ready) : new Promise<Record<string, unknown>>((resolve) => waiters.push(resolve));
  };
  const invoke = async (command: string, args: unknown) => {
    const id = nextId++;
    ws.send(JSON.stringify({ type: 'invoke', id, command, args }));
    // Events may arrive in between: skip to this call's result.
    for (;;) {
      const frame = await next();
      if (frame.type === 'result' && frame.id === id) return frame.result;
    }
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, next, invoke }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ refused: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.once('error', (e) => reject(e));
  });
}

async function connected(): Promise<Socket> {
  const socket = await connect(ipcUrl(host.secret), host.origin);
  if ('refused' in socket) throw new Error(`refused with ${socket.refused}`);
  return socket;
}

/** A raw request: the path goes on the wire exactly as written, unnormalised. */
function get(path: string, opts: { method?: string; host?: string } = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  const { port } = new URL(host.origin);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: Number(port), path, method: opts.method ?? 'GET', headers: opts.host ? { host: opts.host } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

// --- the IPC socket -----------------------------------------------------------------------

describe('web host IPC socket', () => {
  it('prints a URL carrying the secret in the fragment, on loopback', () => {
    expect(host.url).toBe(`${host.origin}/#k=${host.secret}`);
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.secret).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a connection without the secret', async () => {
    expect(await connect(ipcUrl(null), host.origin)).toEqual({ refused: 401 });
  });

  it('refuses a connection with a wrong secret, even one differing in the last character', async () => {
    expect(await connect(ipcUrl('0'.repeat(64)), host.origin)).toEqual({ refused: 401 });
    const almost = host.secret.slice(0, -1) + (host.secret.endsWith('0') ? '1' : '0');
    expect(await connect(ipcUrl(almost), host.origin)).toEqual({ refused: 401 });
    expect(await connect(ipcUrl(host.secret + '0'), host.origin)).toEqual({ refused: 401 });
  });

  it('refuses the right secret from a wrong or missing Origin', async () => {
    const { port } = new URL(host.origin);
    for (const origin of ['http://evil.example', `http://localhost:${port}`, `https://127.0.0.1:${port}`, 'null', undefined]) {
      expect(await connect(ipcUrl(host.secret), origin), String(origin)).toEqual({ refused: 403 });
    }
  });

  it('refuses another path', async () => {
    const wsOrigin = host.origin.replace(/^http/, 'ws');
    expect(await connect(`${wsOrigin}/other?secret=${host.secret}`, host.origin)).toEqual({ refused: 404 });
  });

  it('answers session.get with the right secret and Origin', async () => {
    const socket = await connected();
    expect(await socket.invoke('session.get', {})).toMatchObject({
      ok: true,
      value: { accounts: [], protocols: [{ protocol: 'netalo', defaultServerUrl: 'http://127.0.0.1:7450' }] },
    });
    socket.ws.close();
  });

  it('answers invalid-argument for an unknown command or bad arguments', async () => {
    const socket = await connected();
    expect(await socket.invoke('fs.readFile', {})).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await socket.invoke('session.get', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    socket.ws.close();
  });

  it('answers malformed frames with an error and keeps the socket up', async () => {
    const socket = await connected();
    for (const frame of ['not json', '42', 'null', '{"type":"invoke"}', '{"type":"invoke","id":-1,"command":"session.get","args":{}}', '{"type":"hello"}']) {
      socket.ws.send(frame);
      expect(await socket.next(), frame).toMatchObject({ type: 'error', message: expect.any(String) });
    }
    socket.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await socket.next()).toMatchObject({ type: 'error' });
    // A malformed frame with a usable id names it, so a client can settle that call.
    socket.ws.send('{"type":"invoke","id":7,"command":5}');
    expect(await socket.next()).toMatchObject({ type: 'error', id: 7 });
    expect(await socket.invoke('session.get', {})).toMatchObject({ ok: true });
    expect(socket.ws.readyState).toBe(WebSocket.OPEN);
    socket.ws.close();
  });

  it('takes a file as one binary frame for messages.sendFile only, its bytes handed to the command as a Uint8Array', async () => {
    const socket = await connected();
    const bytes = new Uint8Array(2 * 1024 * 1024).fill(7); // over the 1 MiB text limit: binary frames may carry a file
    const args = { accountId: 'netalo|http://127.0.0.1:9|1', conversationId: '1', nonce: 'binary-frame-1', name: 'a.bin', mimeType: 'application/octet-stream', bytes };
    socket.ws.send(encodeFrame(41, 'messages.sendFile', args), { binary: true });
    // The arguments passed the contract's schema (bytes included): the refusal is about the account.
    for (;;) {
      const frame = await socket.next();
      if (frame.type !== 'result') continue;
      expect(frame).toMatchObject({ id: 41, result: { ok: false, error: { code: 'not-signed-in' } } });
      break;
    }
    // Any other command as a binary frame is refused, and the socket stays up.
    socket.ws.send(encodeFrame(42, 'session.get', { bytes: new Uint8Array([1]) }), { binary: true });
    expect(await socket.next()).toMatchObject({ type: 'error', id: 42, message: 'only messages.sendFile may come as a binary frame' });
    expect(await socket.invoke('session.get', {})).toMatchObject({ ok: true });
    socket.ws.close();
  });

  it('closes a socket that sends more than 1 MiB in one frame', async () => {
    const socket = await connected();
    const closed = new Promise<number>((resolve) => socket.ws.once('close', (code) => resolve(code)));
    socket.ws.send('x'.repeat(1024 * 1024 + 1));
    expect(await closed).toBe(1009);
  });

  it('fans events out to every authenticated socket', async () => {
    const a = await connected();
    const b = await connected();
    const result = await a.invoke('session.signIn', {
      protocol: 'netalo',
      serverUrl: 'http://127.0.0.1:9',
      username: 'alice',
      password: FAKE_PASSWORD,
    });
    expect(result).toMatchObject({ ok: true });
    const accountId = 'netalo|http://127.0.0.1:9|18446744073709551557';
    for (;;) {
      const frame = await b.next();
      if (frame.type !== 'events') continue;
      const changed = (frame.events as Array<{ name: string; payload: unknown }>).find((e) => e.name === 'accounts.changed');
      if (!changed) continue;
      expect(changed.payload).toMatchObject({ accounts: [{ account: { id: accountId } }] });
      break;
    }
    expect(await a.invoke('session.signOut', { accountId })).toEqual({ ok: true, value: null });
    a.ws.close();
    b.ws.close();
  });
});

// --- static files -------------------------------------------------------------------------

describe('web host attachments', () => {
  it('serves a stored attachment by its random name, as a download unless it is a plain image', async () => {
    const image = await core.attachments.put({ id: 'a1', kind: 'image', name: 'cat.png', mimeType: 'image/png', bytes: new Uint8Array([137, 80, 78, 71]) });
    expect(image.url).toMatch(/^\/attachments\/[0-9a-f]{32}$/);
    const res = await get(image.url!);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-disposition']).toMatch(/^inline/);
    expect(res.headers['content-security-policy']).toContain('sandbox');
    expect(res.headers['x-content-type-options']).toBe('nosniff');

    const page = await core.attachments.put({ id: 'a2', kind: 'file', name: 'x.html', mimeType: 'text/html', bytes: new TextEncoder().encode('<script>alert(1)</script>') });
    const html = await get(page.url!);
    expect(html.headers['content-type']).toBe('application/octet-stream');
    expect(html.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''x\.html/);
  });

  it('answers 404 for names it never issued, without touching other files', async () => {
    for (const path of ['/attachments/' + '0'.repeat(32), '/attachments/../outside.txt', '/attachments/%2e%2e%2foutside.txt', '/attachments/']) {
      expect((await get(path)).status, path).toBe(404);
    }
  });
});

describe('web host static files', () => {
  it('serves index.html for / with the security headers', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>Parley</title>');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    // Its own files, and the inline appearance script by its hash (contract/appearance-boot.ts).
    expect(csp).toContain(`script-src 'self' ${APPEARANCE_BOOT_HASH};`);
    expect(csp).toContain(`connect-src 'self' ${host.origin.replace(/^http/, 'ws')};`);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('serves assets with their content type, and HEAD without a body', async () => {
    const js = await get('/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const head = await get('/assets/app.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('answers 404 for a missing file and 405 for other methods', async () => {
    expect((await get('/nope.js')).status).toBe(404);
    const post = await get('/', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it.each([
    '/../outside.txt',
    '/../../outside.txt',
    '/%2e%2e/outside.txt',
    '/%2E%2E/outside.txt',
    '/..%2foutside.txt',
    '/%2e%2e%2foutside.txt',
    '/assets/..%2f..%2foutside.txt',
    '/assets/%2e%2e%2f%2e%2e%2foutside.txt',
    '/..%5coutside.txt',
    '/%252e%252e/outside.txt',
    '/index.html%00.js',
    '//127.0.0.1/../outside.txt',
    'http://127.0.0.1/../outside.txt',
  ])('refuses traversal: %s', async (path) => {
    const res = await get(path);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.body).not.toContain('OUTSIDE-THE-RENDERER');
  });

  it('refuses a request for another Host name (DNS rebinding)', async () => {
    const { port } = new URL(host.origin);
    expect((await get('/', { host: `attacker.example:${port}` })).status).toBe(421);
  });

  it('exchanges a launch ticket for the secret URL, once', async () => {
    const launch = new URL(host.launchUrl());
    const first = await get(launch.pathname + launch.search);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe(`/#k=${host.secret}`);
    expect((await get(launch.pathname + launch.search)).status).toBe(403);
    expect((await get('/launch?ticket=' + '0'.repeat(48))).status).toBe(403);
  });
});

describe('web host against malformed request lines', () => {
  /** One raw request over TCP; resolves with the status line (or '' when the host hung up). */
  function rawRequest(target: string, upgrade: boolean): Promise<string> {
    const { port } = new URL(host.origin);
    return new Promise((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port: Number(port) }, () => {
        const headers = [`GET ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`, `Origin: ${host.origin}`];
        if (upgrade) headers.push('Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==');
        socket.write(headers.join('\r\n') + '\r\n\r\n');
      });
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString('latin1');
        if (text.includes('\r\n')) socket.destroy(); // the status line is all we need
      });
      socket.on('close', () => resolve(text.split('\r\n')[0] ?? ''));
      socket.on('error', () => resolve(text.split('\r\n')[0] ?? ''));
      socket.setTimeout(5_000, () => socket.destroy());
    });
  }

  it.each(['/\\', '/\\[', '//[', '//:99999/', '/\\evil.example/'])('answers 400 to %j, as a page and as an IPC upgrade, and keeps serving', async (target) => {
    expect(await rawRequest(target, false)).toMatch(/^HTTP\/1\.1 400 /);
    expect(await rawRequest(target, true)).toMatch(/^HTTP\/1\.1 400 /);
    const page = await get('/');
    expect(page.status).toBe(200);
  });
});

describe('web host lifecycle', () => {
  it('refuses to bind beyond loopback', async () => {
    await expect(startWebHost({ core, port: 0, host: '0.0.0.0', rendererDir, log: createMemoryLogger() })).rejects.toThrow(/127\.0\.0\.1/);
  });

  it('closes its sockets when it stops', async () => {
    const other = await startWebHost({ core, port: 0, host: '127.0.0.1', rendererDir, log: createMemoryLogger() });
    const ws = new WebSocket(`${other.origin.replace(/^http/, 'ws')}/ipc?secret=${other.secret}`, { origin: other.origin });
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise((resolve) => ws.once('close', resolve));
    await other.close();
    await closed;
  });
});
