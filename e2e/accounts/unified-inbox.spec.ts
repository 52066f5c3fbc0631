// Many accounts, one inbox, through real processes: the reference server with its Netalo
// and talker fronts, one browser host per user, Debian's Chromium.
//
// Alice and Bob each sign in to Netalo and to talker in one Parley. Alice writes to Bob on
// both; Bob sees two conversations in one list, each marked with its account, and answers
// each from the account it belongs to. Filtering by account shows one account's rows.
// Then one account's session ends on the server: the other keeps working.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { openParley } from '../support/browser';
import { ACKED, openDirect, openRow, rowsOf, savedSecret, send, signInAccount } from '../support/parley';
import { freePort, startServer, startWebHost, tempDir, type Running } from '../support/processes';

let server: Running;
const hosts: Running[] = [];
const contexts: BrowserContext[] = [];

test.beforeAll(async () => {
  server = await startServer({ dataDir: tempDir('server'), port: await freePort(), talkerPort: await freePort() });
});
test.afterAll(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  await Promise.all(hosts.splice(0).map((h) => h.stop()));
  await server?.stop();
});

async function parleyFor(name: string): Promise<{ page: Page; dataDir: string }> {
  const dataDir = tempDir(`${name}-host`);
  const host = await startWebHost({ dataDir, port: await freePort(), serverUrl: server.url, talkerUrl: server.talkerUrl! });
  hosts.push(host);
  const context = await openParley(tempDir(`${name}-profile`), new URL(host.url).origin);
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(host.url);
  return { page, dataDir };
}

async function signInBoth(page: Page, user: string): Promise<void> {
  await signInAccount(page, { protocol: 'netalo', username: user, password: `${user}-parley` });
  await signInAccount(page, { protocol: 'talker', username: user, password: `${user}-parley` });
  await expect(page.getByTestId('account-filter')).toBeVisible();
}

test('one Parley, a Netalo and a talker account at once: one inbox, each conversation answered from its own account', async () => {
  const alice = await parleyFor('alice');
  const bob = await parleyFor('bob');
  const a = alice.page;
  const b = bob.page;

  // The sign-in screen asks for the protocol first; talker asks for a username or email.
  await expect(a.getByTestId('signin-protocol')).toBeVisible();
  await signInBoth(a, 'alice');
  await signInBoth(b, 'bob');

  await openDirect(a, 'netalo', 'Bob');
  await send(a, 'hello over Netalo');
  await expect(a.getByTestId('message').filter({ hasText: 'hello over Netalo' })).toHaveAttribute('data-status', ACKED);

  await openDirect(a, 'talker', 'bob');
  await send(a, 'hello over talker');
  await expect(a.getByTestId('message').filter({ hasText: 'hello over talker' })).toHaveAttribute('data-status', ACKED);

  // Bob's one list holds both, newest first, each marked with its account.
  await expect(b.getByTestId('conversation-item')).toHaveCount(2);
  const top = b.getByTestId('conversation-item').first();
  await expect(top.getByTestId('conversation-preview')).toHaveText(/hello over talker/);
  await expect(top.getByTestId('conversation-account')).toHaveText(/talker/);
  await expect(rowsOf(b, 'netalo').getByTestId('conversation-account')).toHaveText(/Netalo/);
  await b.screenshot({ path: 'test-results/screens/unified-inbox.png' });

  // Each answer goes out from the conversation's own account.
  await rowsOf(b, 'netalo').click();
  await expect(b.getByTestId('message').filter({ hasText: 'hello over Netalo' })).toBeVisible();
  // On Netalo, a first message from someone Bob never talked to is a request (talker has none).
  await b.getByTestId('request-accept').click();
  await send(b, 'Netalo reply');
  await rowsOf(b, 'talker').click();
  await expect(b.getByTestId('message').filter({ hasText: 'hello over talker' })).toBeVisible();
  await send(b, 'talker reply');

  await expect(rowsOf(a, 'talker').getByTestId('conversation-preview')).toHaveText(/talker reply/);
  await expect(rowsOf(a, 'netalo').getByTestId('conversation-preview')).toHaveText(/Netalo reply/);
  await expect(a.getByTestId('message').filter({ hasText: 'talker reply' })).toHaveAttribute('data-own', 'false');

  // The filter narrows the list to one account, and "All" brings both back.
  const filter = a.getByTestId('account-filter');
  await filter.locator('[data-account-id^="netalo|"]').click();
  await expect(a.getByTestId('conversation-item')).toHaveCount(1);
  await expect(a.getByTestId('conversation-item').getByTestId('conversation-account')).toHaveText(/Netalo/);
  await filter.getByText(/^All/).click();
  await expect(a.getByTestId('conversation-item')).toHaveCount(2);

  // The server ends Alice's Netalo session. Her talker account keeps working.
  const res = await fetch(`${server.url}/api/v1/signout`, { method: 'POST', headers: { Session: savedSecret(alice.dataDir, 'netalo') } });
  expect(res.ok).toBe(true);
  await expect(a.getByTestId('session-ended-notice')).toBeVisible({ timeout: 30_000 });
  await expect(a.getByTestId('chat-screen')).toBeVisible();
  await expect(rowsOf(a, 'talker')).toHaveCount(1);
  await openRow(a, rowsOf(a, 'talker'));
  await send(a, 'still here on talker');
  await expect(a.getByTestId('message').filter({ hasText: 'still here on talker' })).toHaveAttribute('data-status', ACKED);
  await expect(rowsOf(b, 'talker').getByTestId('conversation-preview')).toHaveText(/still here on talker/);
});
