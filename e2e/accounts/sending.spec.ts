// Sending is main's, not a window's: two open tabs never send one message twice, and
// messages written while the server was away are sent exactly once after Parley itself
// was closed and reopened, on talker (no nonce, an echo) as well as Netalo (a nonce).
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { openParley } from '../support/browser';
import { ACKED, openDirect, openRow, rowsOf, send, signInAccount } from '../support/parley';
import { freePort, startServer, startWebHost, tempDir, type Running } from '../support/processes';
import { netaloTexts, talkerLoginId, talkerTexts } from '../support/server-clients';

const cleanups: Array<() => Promise<unknown>> = [];
test.afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(dataDir = tempDir('server'), ports?: { port: number; talkerPort: number }) {
  const p = ports ?? { port: await freePort(), talkerPort: await freePort() };
  const running = await startServer({ dataDir, ...p });
  cleanups.push(() => running.stop());
  return { running, dataDir, ports: p };
}

async function host(srv: Running, dataDir = tempDir('host'), port?: number) {
  const running = await startWebHost({ dataDir, port: port ?? (await freePort()), serverUrl: srv.url, talkerUrl: srv.talkerUrl! });
  cleanups.push(() => running.stop());
  return { running, dataDir, port: Number(new URL(running.url).port) };
}

async function browser(profile: string, url: string): Promise<BrowserContext> {
  const context = await openParley(profile, new URL(url).origin);
  cleanups.push(() => context.close());
  return context;
}

async function openConversationId(page: Page): Promise<string> {
  return (await page.getByTestId('conversation-view').getAttribute('data-conversation-id'))!;
}

test('two open tabs never send one message twice', async () => {
  const srv = await server();
  const h = await host(srv.running);
  const context = await browser(tempDir('profile'), h.running.url);
  const one = await context.newPage();
  await one.goto(h.running.url);
  await signInAccount(one, { protocol: 'talker', username: 'alice', password: 'alice-parley' });
  await openDirect(one, 'talker', 'bob');
  const bobId = await openConversationId(one);

  // A second tab of the same Parley: same origin, same cache.
  const two = await context.newPage();
  await two.goto(h.running.url);
  await expect(rowsOf(two, 'talker')).toHaveCount(1);
  await rowsOf(two, 'talker').click();

  // The server goes away; both tabs see it; a message is written in one of them.
  await srv.running.stop();
  await expect(one.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'offline', { timeout: 30_000 });
  await send(one, 'one copy only');
  await expect(one.getByTestId('message').filter({ hasText: 'one copy only' })).toHaveAttribute('data-status', 'queued');
  await expect(two.getByTestId('message').filter({ hasText: 'one copy only' })).toHaveAttribute('data-status', 'queued');

  // The server comes back: both tabs show it sent, once; the server holds one copy.
  const back = await server(srv.dataDir, srv.ports);
  await expect(one.getByTestId('message').filter({ hasText: 'one copy only' })).toHaveAttribute('data-status', ACKED, { timeout: 30_000 });
  await expect(two.getByTestId('message').filter({ hasText: 'one copy only' })).toHaveAttribute('data-status', ACKED);
  await expect(two.getByTestId('message').filter({ hasText: 'one copy only' })).toHaveCount(1);
  const aliceId = (await talkerLoginId(back.running.talkerUrl!, 'alice', 'alice-parley'));
  const texts = await talkerTexts(back.running.talkerUrl!, 'bob', 'bob-parley', aliceId);
  expect(texts.filter((t) => t === 'one copy only')).toHaveLength(1);
  expect(bobId).toBeTruthy();
});

test('messages queued while the server was away are sent exactly once after Parley restarts, on talker and Netalo', async () => {
  const srv = await server();
  const h = await host(srv.running);
  const profile = tempDir('profile');
  let context = await browser(profile, h.running.url);
  let page = await context.newPage();
  await page.goto(h.running.url);
  await signInAccount(page, { protocol: 'netalo', username: 'alice', password: 'alice-parley' });
  await signInAccount(page, { protocol: 'talker', username: 'alice', password: 'alice-parley' });
  await openDirect(page, 'netalo', 'Bob');
  const groupId = await openConversationId(page);
  await openDirect(page, 'talker', 'bob');

  await srv.running.stop();
  await expect(page.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'offline', { timeout: 30_000 });
  for (const n of [1, 2, 3]) await send(page, `talker queued ${n}`);
  await openRow(page, rowsOf(page, 'netalo'));
  for (const n of [1, 2, 3]) await send(page, `netalo queued ${n}`);
  await expect(page.getByTestId('message').filter({ hasText: 'netalo queued 3' })).toHaveAttribute('data-status', 'queued');

  // Parley closes (window and host) with six unsent messages; the server comes back; Parley reopens.
  await context.close();
  await h.running.stop();
  const back = await server(srv.dataDir, srv.ports);
  const reopened = await host(back.running, h.dataDir, h.port);
  context = await browser(profile, reopened.running.url);
  page = await context.newPage();
  await page.goto(reopened.running.url);

  await rowsOf(page, 'netalo').click();
  await expect(page.getByTestId('message').filter({ hasText: 'netalo queued 3' })).toHaveAttribute('data-status', ACKED, { timeout: 30_000 });
  await rowsOf(page, 'talker').click();
  await expect(page.getByTestId('message').filter({ hasText: 'talker queued 3' })).toHaveAttribute('data-status', ACKED, { timeout: 30_000 });
  for (const n of [1, 2, 3]) await expect(page.getByTestId('message').filter({ hasText: `talker queued ${n}` })).toHaveCount(1);

  const netalo = await netaloTexts(back.running.url, 'bob', 'bob-parley', groupId);
  expect(netalo.filter((t) => t.startsWith('netalo queued')).reverse()).toEqual(['netalo queued 1', 'netalo queued 2', 'netalo queued 3']);
  const aliceId = await talkerLoginId(back.running.talkerUrl!, 'alice', 'alice-parley');
  const talker = await talkerTexts(back.running.talkerUrl!, 'bob', 'bob-parley', aliceId);
  expect(talker.filter((t) => t.startsWith('talker queued')).sort()).toEqual(['talker queued 1', 'talker queued 2', 'talker queued 3']);
});
