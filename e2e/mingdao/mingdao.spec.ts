// Two Parley users over Mingdao, live, through real processes: the reference server with its
// Mingdao front (socket.io at /mds2), one browser host per user, Debian's Chromium.
//
// Alice finds Bob by his Mingdao account ID (Mingdao has no user search), they talk; the
// server goes away and comes back on the same port, a message Alice wrote meanwhile goes out
// when it is back; then Alice nudges Bob and the nudge is a line in both timelines. The
// welcome notice is a read-only conversation.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { openParley } from '../support/browser';
import { ACKED, send, signInAccount } from '../support/parley';
import { freePort, startServer, startWebHost, tempDir, type Running } from '../support/processes';

let server: Running | null = null;
let serverDir: string;
let ports: { port: number; mingdaoPort: number };
let mingdaoUrl: string;
const hosts: Running[] = [];
const contexts: BrowserContext[] = [];

const startMingdaoServer = () => startServer({ dataDir: serverDir, ...ports });

test.beforeAll(async () => {
  serverDir = tempDir('mingdao-server');
  ports = { port: await freePort(), mingdaoPort: await freePort() };
  server = await startMingdaoServer();
  mingdaoUrl = server.frontUrls!.mingdao!;
});
test.afterAll(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  await Promise.all(hosts.splice(0).map((h) => h.stop()));
  await server?.stop();
});

async function parleyFor(name: string): Promise<Page> {
  const host = await startWebHost({ dataDir: tempDir(`${name}-host`), port: await freePort(), serverUrl: server!.url, frontUrls: { mingdao: mingdaoUrl } });
  hosts.push(host);
  const context = await openParley(tempDir(`${name}-profile`), new URL(host.url).origin);
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(host.url);
  await signInAccount(page, { protocol: 'mingdao', username: name, password: `${name}-parley` });
  return page;
}

/** A user's Mingdao account ID, as the sign-in answers it (what a colleague would give you). */
async function accountIdOf(name: string): Promise<string> {
  const res = await fetch(`${mingdaoUrl}/mds2/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account: name, password: `${name}-parley` }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accountId: string }).accountId;
}

test('two Parley users talk over Mingdao, across a server restart, and a nudge shows in the timeline', async () => {
  test.setTimeout(60_000);
  const a = await parleyFor('alice');
  const b = await parleyFor('bob');
  const bobId = await accountIdOf('bob');

  // The welcome notice: a conversation that cannot be answered.
  const notice = a.locator('[data-testid="conversation-item"][data-conversation-id^="inbox:"]');
  await notice.first().click();
  await expect(a.getByTestId('composer-closed')).toContainText(/cannot be answered/);
  await expect(a.getByTestId('composer-input')).toHaveCount(0);

  // Find Bob by his account ID and write to him.
  await a.getByTestId('new-conversation').click();
  await a.getByTestId('user-search-input').fill(bobId);
  await a.getByTestId('user-search-result').filter({ hasText: /bob/i }).first().click();
  await expect(a.getByTestId('conversation-header-title')).toHaveText(/bob/i);
  await send(a, 'hello over Mingdao');
  await expect(a.getByTestId('message').filter({ hasText: 'hello over Mingdao' })).toHaveAttribute('data-status', ACKED);

  const fromAlice = b.getByTestId('conversation-item').filter({ hasText: /alice/i });
  await expect(fromAlice.getByTestId('conversation-preview')).toHaveText(/hello over Mingdao/);
  await fromAlice.click();
  await expect(b.getByTestId('message').filter({ hasText: 'hello over Mingdao' })).toBeVisible();
  await send(b, 'hi Alice');
  await expect(a.getByTestId('message').filter({ hasText: 'hi Alice' })).toHaveAttribute('data-own', 'false');

  // The server goes away; Alice writes anyway; it comes back on the same port.
  await server!.stop();
  server = null;
  await expect(a.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'offline');
  await send(a, 'written while Mingdao was down');
  server = await startMingdaoServer();
  await expect(a.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'online', { timeout: 20_000 });
  await expect(a.getByTestId('message').filter({ hasText: 'written while Mingdao was down' })).toHaveAttribute('data-status', ACKED, { timeout: 20_000 });
  await expect(b.getByTestId('message').filter({ hasText: 'written while Mingdao was down' })).toBeVisible({ timeout: 20_000 });

  // A nudge: a line in Alice's timeline and in Bob's.
  await a.getByTestId('conversation-menu-button').click();
  await a.getByTestId('menu-nudge').click();
  await expect(a.getByTestId('nudge-line')).toHaveCount(1);
  await expect(b.getByTestId('nudge-line')).toHaveCount(1);
  await expect(b.getByTestId('nudge-line')).toContainText(/alice/i);
  await b.screenshot({ path: test.info().outputPath('mingdao-nudge.png') });
});
