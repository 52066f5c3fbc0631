// The foundation story, end to end, through real processes: the reference server (on
// disk), one browser host per user, Debian's Chromium with a persistent profile per user.
//
// Alice and Bob sign in; Alice starts a conversation and says hello; Bob sees it live and
// replies; Bob closes Parley, the server stops, Bob reopens Parley and finds everything he
// had seen, from the cache, marked offline; what he writes offline is sent when the server
// is back. Along the way, every ID above 2^53 must survive exactly.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { openParley } from '../support/browser';
import { freePort, startServer, startWebHost, tempDir, type Running } from '../support/processes';
import { netaloMessages } from '../support/server-clients';
import { ACKED } from '../support/parley';

const TWO_POW_53 = 2n ** 53n;

async function signIn(page: Page, url: string, username: string, password: string, serverUrl: string) {
  await page.goto(url);
  await expect(page.getByTestId('signin-form')).toBeVisible();
  // The server address is prefilled with the bundled server.
  await expect(page.getByTestId('signin-server')).toHaveValue(serverUrl);
  await page.getByTestId('signin-username').fill(username);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('chat-screen')).toBeVisible();
  await expect(page.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'online');
}

/** Bob's cached copy of a message, read straight from IndexedDB (the Dexie cache). */
async function cachedMessageIds(page: Page): Promise<Array<{ id?: string; text: string }>> {
  return await page.evaluate(
    () =>
      new Promise<Array<{ id?: string; text: string }>>((resolve, reject) => {
        const open = indexedDB.open('parley');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('threadMessages').objectStore('threadMessages').getAll();
          req.onsuccess = () => resolve((req.result as Array<{ id?: string; text: string }>).map((m) => ({ id: m.id, text: m.text })));
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

test('sign in, converse live, restart offline from cache, send queued messages when back', async () => {
  const serverDir = tempDir('server');
  const serverPort = await freePort();
  let server: Running | null = await startServer({ dataDir: serverDir, port: serverPort });
  const serverUrl = server.url;

  const alicePort = await freePort();
  const bobPort = await freePort();
  const aliceHost = await startWebHost({ dataDir: tempDir('alice-host'), port: alicePort, serverUrl });
  const bobHostDir = tempDir('bob-host');
  let bobHost: Running | null = await startWebHost({ dataDir: bobHostDir, port: bobPort, serverUrl });
  const aliceProfile = tempDir('alice-profile');
  const bobProfile = tempDir('bob-profile');
  const alice: BrowserContext = await openParley(aliceProfile, new URL(aliceHost.url).origin);
  let bob: BrowserContext | null = await openParley(bobProfile, new URL(bobHost.url).origin);

  try {
    const a = await alice.newPage();
    let b = await bob.newPage();
    await signIn(a, aliceHost.url, 'alice', 'alice-parley', serverUrl);
    await signIn(b, bobHost.url, 'bob', 'bob-parley', serverUrl);

    // Alice starts a conversation with Bob, picking him by name, and says hello.
    await a.getByTestId('new-conversation').click();
    await a.getByTestId('user-search-input').fill('bob');
    await a.getByTestId('user-search-result').filter({ hasText: 'Bob' }).first().click();
    await expect(a.getByTestId('conversation-header-title')).toHaveText(/Bob/);
    await a.getByTestId('composer-input').fill('hello');
    await a.getByTestId('composer-input').press('Enter');
    const aliceHello = a.getByTestId('message').filter({ hasText: 'hello' });
    await expect(aliceHello).toHaveAttribute('data-status', ACKED);
    await expect(aliceHello).toHaveAttribute('data-own', 'true');

    // Bob sees it live: the conversation moves to the top of his list with a preview and a time.
    const bobTop = b.getByTestId('conversation-item').first();
    await expect(bobTop.getByTestId('conversation-title')).toHaveText(/Alice/);
    await expect(bobTop.getByTestId('conversation-preview')).toHaveText(/hello/);
    await expect(bobTop.getByTestId('conversation-time')).not.toBeEmpty();
    await bobTop.click();
    const bobHello = b.getByTestId('message').filter({ hasText: 'hello' });
    await expect(bobHello).toHaveAttribute('data-own', 'false');
    // They have never talked: Alice's first message is a request that Bob accepts before he can answer.
    await b.getByTestId('request-accept').click();

    // Bob replies; Alice sees it in the open conversation, live.
    await b.getByTestId('composer-input').fill('hi alice');
    await b.getByTestId('composer-input').press('Enter');
    await expect(b.getByTestId('message').filter({ hasText: 'hi alice' })).toHaveAttribute('data-status', ACKED);
    await expect(a.getByTestId('message').filter({ hasText: 'hi alice' })).toHaveAttribute('data-own', 'false');

    // IDs above 2^53 survive exactly: server → adapter → contract → store (DOM) → cache.
    const conversationId = (await b.getByTestId('conversation-view').getAttribute('data-conversation-id'))!;
    const onServer = await netaloMessages(serverUrl, 'bob', 'bob-parley', conversationId);
    const serverHello = onServer.find((m) => m.message === 'hello')!;
    expect(BigInt(serverHello.message_id)).toBeGreaterThan(TWO_POW_53);
    expect(BigInt(conversationId)).toBeGreaterThan(TWO_POW_53);
    await expect(bobHello).toHaveAttribute('data-message-id', serverHello.message_id);
    await expect(aliceHello).toHaveAttribute('data-message-id', serverHello.message_id);
    await expect.poll(async () => (await cachedMessageIds(b)).find((m) => m.text === 'hello')?.id).toBe(serverHello.message_id);

    // Bob closes Parley; the server stops; Bob opens Parley again.
    await bob.close();
    bob = null;
    await bobHost.stop();
    await server.stop();
    server = null;
    bobHost = await startWebHost({ dataDir: bobHostDir, port: bobPort, serverUrl });
    bob = await openParley(bobProfile, new URL(bobHost.url).origin);
    b = await bob.newPage();
    await b.goto(bobHost.url);

    // Everything he had seen is there at once, from the cache, clearly offline.
    await expect(b.locator('html')).toHaveAttribute('data-parley-ready', /cache|live/);
    await expect(b.getByTestId('connection-indicator')).toHaveAttribute('data-state', /offline|connecting/);
    await expect(b.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'offline');
    const cachedTop = b.getByTestId('conversation-item').first();
    await expect(cachedTop.getByTestId('conversation-title')).toHaveText(/Alice/);
    await expect(cachedTop.getByTestId('conversation-preview')).toHaveText(/hi alice/);
    await cachedTop.click();
    await expect(b.getByTestId('message').filter({ hasText: 'hello' })).toHaveAttribute('data-message-id', serverHello.message_id);
    await expect(b.getByTestId('message').filter({ hasText: 'hi alice' })).toBeVisible();
    await expect(b.getByTestId('composer-offline-note')).toBeVisible();

    // He writes while offline: it waits in the outbox, and goes out when the server is back.
    await b.getByTestId('composer-input').fill('sent while offline');
    await b.getByTestId('composer-input').press('Enter');
    const queued = b.getByTestId('message').filter({ hasText: 'sent while offline' });
    await expect(queued).toHaveAttribute('data-status', 'queued');

    server = await startServer({ dataDir: serverDir, port: serverPort });
    await expect(b.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'online', { timeout: 30_000 });
    await expect(queued).toHaveAttribute('data-status', ACKED);
    await expect(b.getByTestId('composer-offline-note')).toBeHidden();
    await expect(a.getByTestId('message').filter({ hasText: 'sent while offline' })).toBeVisible({ timeout: 30_000 });
    // Sent exactly once, even though the connection came and went.
    const after = await netaloMessages(serverUrl, 'alice', 'alice-parley', conversationId);
    expect(after.filter((m) => m.message === 'sent while offline')).toHaveLength(1);
  } finally {
    await alice.close();
    await bob?.close();
    await aliceHost.stop();
    await bobHost?.stop();
    await server?.stop();
  }
});
