// POST /ipc/first-screen: a first start's list rows in one HTTP round trip, behind the same
// gate as the IPC socket (Host, Origin, access key), and nothing else.
import { mkdirSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParleyCore } from '../../core/core';
import { FAKE_PASSWORD, type FakeAdapterFactory } from '../../core/test/fake-adapter';
import { tempDirsForFile } from '../../core/test/temp-dirs';
import type { WebHost } from '../web-host';
import { ACCESS_KEY_HEADER, FIRST_SCREEN_PATH } from '../../../contract/first-screen';
import { startTestHost } from './test-host';

const tempDir = tempDirsForFile();
const base = tempDir('first-screen');
const rendererDir = join(base, 'renderer');
mkdirSync(rendererDir, { recursive: true });
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Parley</title>');

let host: WebHost;
let core: ParleyCore;
let stop: (() => Promise<void>) | undefined;
let factory: FakeAdapterFactory;

beforeAll(async () => {
  ({ core, host, factory, stop } = await startTestHost(base, rendererDir));
});

afterAll(() => stop?.());

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function ask(opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const { port } = new URL(host.origin);
  const headers: Record<string, string> = { Origin: host.origin, [ACCESS_KEY_HEADER]: host.secret, ...opts.headers };
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: opts.method ?? 'POST', path: opts.path ?? `${FIRST_SCREEN_PATH}?limit=50`, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('POST /ipc/first-screen', () => {
  it('answers the session alone while no account is signed in, never cached', async () => {
    const res = await ask();
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(JSON.parse(res.body)).toMatchObject({ session: { accounts: [], protocols: [{ protocol: 'netalo' }] }, pages: [] });
  });

  it('answers the session and each online account’s first page of conversations, with their unread counts', async () => {
    const signedIn = await core.dispatch('session.signIn', { protocol: 'netalo', serverUrl: 'http://127.0.0.1:9', username: 'alice', password: FAKE_PASSWORD });
    expect(signedIn).toMatchObject({ ok: true });
    const accountId = 'netalo|http://127.0.0.1:9|18446744073709551557';
    // Only an online account's page is asked for (the client asks the others once they are).
    const connecting = JSON.parse((await ask()).body) as { session: { accounts: Array<{ connection: string }> }; pages: unknown[] };
    expect(connecting.session.accounts).toMatchObject([{ connection: 'connecting' }]);
    expect(connecting.pages).toEqual([]);
    factory.latest!.emit({ type: 'connection', state: 'online' });
    const res = await ask();
    expect(res.status).toBe(200);
    const answer = JSON.parse(res.body) as { session: { accounts: Array<{ account: { id: string }; connection: string }> }; pages: Array<{ accountId: string; items: Array<{ id: string; unreadCount: number }> }> };
    expect(answer.session.accounts).toMatchObject([{ account: { id: accountId }, connection: 'online' }]);
    expect(answer.pages).toEqual([{ accountId, items: [expect.objectContaining({ id: '100', accountId, unreadCount: expect.any(Number) })] }]);
  });

  it('refuses a missing or wrong key, a key in the URL, and another page’s Origin', async () => {
    expect((await ask({ headers: { [ACCESS_KEY_HEADER]: '' } })).status).toBe(401);
    expect((await ask({ headers: { [ACCESS_KEY_HEADER]: host.secret.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')) } })).status).toBe(401);
    const keyInUrl = await ask({ path: `${FIRST_SCREEN_PATH}?limit=50&secret=${host.secret}`, headers: { [ACCESS_KEY_HEADER]: 'nope' } });
    expect(keyInUrl.status).toBe(401);
    expect((await ask({ headers: { Origin: 'http://attacker.example' } })).status).toBe(403);
    // No Origin at all: a same-origin POST from a page always carries one.
    const { port } = new URL(host.origin);
    const noOrigin = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: `${FIRST_SCREEN_PATH}?limit=50`, headers: { [ACCESS_KEY_HEADER]: host.secret } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(noOrigin).toBe(403);
    // Refusals say nothing of the session.
    expect((await ask({ headers: { Origin: 'http://attacker.example' } })).body).not.toContain('netalo');
  });

  it('refuses another Host (DNS rebinding), other methods, a body and a bad limit, and keeps serving', async () => {
    expect((await ask({ headers: { Host: 'attacker.example' } })).status).toBe(421);
    const get = await ask({ method: 'GET' });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect((await ask({ body: '{"limit":50}', headers: { 'Content-Type': 'application/json' } })).status).toBe(413);
    for (const limit of ['', '0', '101', '2.5', 'x', '-1']) {
      expect((await ask({ path: `${FIRST_SCREEN_PATH}?limit=${limit}` })).status, limit).toBe(400);
    }
    expect((await ask({ path: FIRST_SCREEN_PATH })).status).toBe(400);
    expect((await ask()).status).toBe(200);
  });

  it('leaves every other path to the renderer’s files', async () => {
    const page = await ask({ method: 'GET', path: '/' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Parley</title>');
    expect((await ask({ method: 'GET', path: `${FIRST_SCREEN_PATH}x` })).status).toBe(404);
  });
});
