// Haraj through real processes: the reference server's Haraj front (/chat/ws and its HTTP
// API), one browser host per user, Debian's Chromium. Alice and Bob sign in to Haraj and talk
// live (Arabic as typed, right to left), see each other online, lose the server in the middle
// (restarted on the same port: both come back by themselves and keep talking), and a message
// sent while Bob's Parley is closed is there when he starts it again (from the server's
// history: the real Haraj would have pushed it by FCM).
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { openParley } from '../support/browser';
import { ACKED, openDirect, send, signInAccount } from '../support/parley';
import { freePort, startServer, startWebHost, tempDir, type Running } from '../support/processes';

let server: Running | null = null;
const hosts: Running[] = [];
const contexts: BrowserContext[] = [];
let serverDir: string;
let serverPort: number;
let harajPort: number;

test.beforeAll(async () => {
  serverDir = tempDir('haraj-server');
  serverPort = await freePort();
  harajPort = await freePort();
  server = await startServer({ dataDir: serverDir, port: serverPort, harajPort });
});
test.afterAll(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  await Promise.all(hosts.splice(0).map((h) => h.stop()));
  await server?.stop();
});

interface Parley {
  page: Page;
  host: Running;
  context: BrowserContext;
}

/** A browser host and a Chromium for one user. */
async function parleyFor(name: string): Promise<Parley & { dataDir: string; port: number }> {
  const dataDir = tempDir(`haraj-${name}-host`);
  const port = await freePort();
  const host = await hostOn(dataDir, port);
  const context = await openParley(tempDir(`haraj-${name}-profile`), new URL(host.url).origin);
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(host.url);
  return { page, host, context, dataDir, port };
}

/** Parley's host process (the core, the accounts, the adapters): the data dir holds the saved session. */
async function hostOn(dataDir: string, port: number): Promise<Running> {
  const host = await startWebHost({ dataDir, port, serverUrl: server!.url, frontUrls: server!.frontUrls! });
  hosts.push(host);
  return host;
}

const message = (page: Page, text: string) => page.getByTestId('message').filter({ hasText: text });

test('two Parleys talk over Haraj live, through a server restart, and a message sent while one was closed arrives', async () => {
  const harajUrl = server!.frontUrls!.haraj!;
  const alice = await parleyFor('alice');
  let bob = await parleyFor('bob');
  await signInAccount(alice.page, { protocol: 'haraj', serverUrl: harajUrl, username: 'alice', password: 'alice-parley' });
  await signInAccount(bob.page, { protocol: 'haraj', serverUrl: harajUrl, username: 'bob', password: 'bob-parley' });

  // Alice finds Bob and writes in Arabic; it is stored and shown exactly as typed.
  await openDirect(alice.page, 'haraj', 'bob');
  const arabic = 'مرحبا يا بوب، كيف حالك؟';
  await send(alice.page, arabic);
  await expect(message(alice.page, arabic)).toHaveAttribute('data-status', ACKED);

  const bobsRow = bob.page.getByTestId('conversation-item').first();
  await expect(bobsRow.getByTestId('conversation-preview')).toHaveText(new RegExp(arabic));
  await bobsRow.click();
  const received = message(bob.page, arabic);
  await expect(received.getByTestId('message-text')).toHaveText(arabic);
  // The renderer leaves the direction to the text: Arabic lays out right to left.
  expect(await received.getByTestId('message-text').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');

  // Presence: Bob's open conversation listens to Alice, who is online.
  await expect(bob.page.locator('.conversation-header').getByTestId('presence-dot')).toHaveAttribute('data-online', 'true');

  await send(bob.page, 'Fine, thanks! وأنت؟');
  await expect(message(alice.page, 'Fine, thanks! وأنت؟')).toBeVisible();

  // The server goes away in the middle: both show offline, and come back by themselves.
  await server!.stop();
  server = null;
  await expect(alice.page.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'offline');
  await expect(bob.page.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'offline');
  server = await startServer({ dataDir: serverDir, port: serverPort, harajPort });
  await expect(alice.page.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'online', { timeout: 20_000 });
  await expect(bob.page.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'online', { timeout: 20_000 });
  await send(alice.page, 'back after the restart');
  await expect(message(bob.page, 'back after the restart')).toBeVisible();

  // Bob quits Parley (its host process: the core and its Haraj connection); Alice writes;
  // Bob starts Parley again (same data, same address) and the message is there.
  await bob.host.stop();
  await expect(alice.page.locator('.conversation-header').getByTestId('presence-dot')).toHaveAttribute('data-online', 'false');
  await send(alice.page, 'sent while you were away');
  await expect(message(alice.page, 'sent while you were away')).toHaveAttribute('data-status', ACKED);
  bob = { ...bob, host: await hostOn(bob.dataDir, bob.port) };
  // The new launch's secret differs only in the fragment: leave the page first, or it is not reloaded.
  await bob.page.goto('about:blank');
  await bob.page.goto(bob.host.url);
  await expect(bob.page.getByTestId('chat-screen')).toBeVisible();
  await bob.page.getByTestId('conversation-item').first().click();
  await expect(message(bob.page, 'sent while you were away')).toBeVisible();
  await expect(message(bob.page, arabic)).toHaveCount(1);
  await bob.page.screenshot({ path: test.info().outputPath('haraj-after-restart.png') });
});
