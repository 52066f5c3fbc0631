// AZStack end to end: the reference server with its AZStack front and demo app, two users each
// in their own Parley (browser host + Chromium with a fake camera and microphone). Alice signs
// in to AZStack with the app's ID and public key, finds Bob by his AZStack user ID and writes:
// her message shows delivered as soon as Bob's Parley has it, and seen once he opens the
// conversation. Bob answers; then Alice calls Bob with video: AZStack's ring carries her offer
// (the caller offers first), Bob accepts, each plays the other's video, and Alice hangs up.
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { openParley } from '../support/browser';
import { demoAzstackApp, signInAccount } from '../support/parley';
import { freePort, startServer, startWebHost, tempDir, type Running } from '../support/processes';
import { expectMediaReleased, expectReceivingFrom, expectVideoPlaying, recordMedia } from '../calls/media';
import { acceptIncoming, allowCallDevices, callView, expectEnded } from '../calls/world';

test.use({ actionTimeout: 15_000 });

const PASSWORDS: Record<string, string> = { alice: 'alice-parley', bob: 'bob-parley' };

let server: Running;
let serverData: string;
const hosts: Running[] = [];
const contexts: BrowserContext[] = [];

test.beforeAll(async () => {
  serverData = tempDir('azstack-server');
  server = await startServer({ dataDir: serverData, azstackPort: 0 });
});

test.afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  for (const h of hosts) await h.stop();
  await server?.stop();
});

/**
 * Parley for `username`, signed in to AZStack (the demo app) and live. `prefilled`: its host
 * names the demo app as `npm start` does, so the form comes with the app's ID and key filled in.
 */
async function parley(username: string, opts: { prefilled?: boolean } = {}): Promise<Page> {
  const env = opts.prefilled ? { PARLEY_AZSTACK_APP_ID: 'parley-demo', PARLEY_AZSTACK_PUBLIC_KEY_FILE: join(serverData, 'azstack', 'parley-demo.pub') } : {};
  const host = await startWebHost({ dataDir: tempDir(`azstack-${username}-host`), port: await freePort(), serverUrl: server.url, frontUrls: server.frontUrls ?? {}, env });
  hosts.push(host);
  const origin = new URL(host.url).origin;
  const context = await openParley(tempDir(`azstack-${username}-profile`), origin);
  contexts.push(context);
  await allowCallDevices(context, origin);
  await recordMedia(context);
  const page = await context.newPage();
  await page.goto(host.url);
  const app = demoAzstackApp(serverData);
  await signInAccount(page, { protocol: 'azstack', username, password: PASSWORDS[username]!, ...(opts.prefilled ? { prefilledApp: app } : app) });
  await expect(page.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'online');
  return page;
}

test('two AZStack users converse (delivered, then seen) and hold a video call', async () => {
  // Alice pastes the app's ID and key; Bob's Parley has them prefilled, as after `npm start`.
  const [alice, bob] = await Promise.all([parley('alice'), parley('bob', { prefilled: true })]);

  await test.step('Alice finds Bob by his AZStack user ID and writes; it shows delivered while Bob has not opened it', async () => {
    await alice.getByTestId('new-conversation').click();
    await alice.getByTestId('user-search-input').fill('bob');
    await alice.getByTestId('user-search-result').first().click();
    await expect(alice.getByTestId('conversation-view')).toHaveAttribute('data-conversation-id', /^u:\d+$/);
    await alice.getByTestId('composer-input').fill('hello bob, on AZStack');
    await alice.getByTestId('composer-input').press('Enter');
    const hello = alice.getByTestId('message').filter({ hasText: 'hello bob, on AZStack' });
    await expect(hello).toHaveAttribute('data-status', 'delivered');
    await expect(hello).toHaveAttribute('data-message-id', /^\d+:\d+$/);
  });

  await test.step('Bob opens it: Alice sees it seen; Bob answers and Alice reads it live', async () => {
    const row = bob.getByTestId('conversation-item').first();
    await expect(row.getByTestId('conversation-preview')).toHaveText(/hello bob, on AZStack/);
    await row.click();
    await expect(bob.getByTestId('message').filter({ hasText: 'hello bob, on AZStack' })).toHaveAttribute('data-own', 'false');
    await expect(alice.getByTestId('message').filter({ hasText: 'hello bob, on AZStack' })).toHaveAttribute('data-status', 'read');
    await bob.getByTestId('composer-input').fill('hi alice');
    await bob.getByTestId('composer-input').press('Enter');
    await expect(alice.getByTestId('message').filter({ hasText: 'hi alice' })).toHaveAttribute('data-own', 'false');
  });

  await test.step('Alice calls Bob with video; he accepts; each plays the other’s video', async () => {
    await alice.getByTestId('call-video-button').click();
    await expect(callView(alice)).toBeVisible();
    await expect(bob.getByTestId('incoming-call')).toBeVisible();
    await expect(callView(alice)).toHaveAttribute('data-phase', 'ringing');
    await acceptIncoming(bob, 'video');
    await expect(callView(alice)).toHaveAttribute('data-phase', 'in-call');
    for (const page of [alice, bob]) {
      await expect(page.getByTestId('call-tile')).toHaveCount(1);
      await expect(callView(page)).toHaveAttribute('data-connection', 'connected');
      await expectVideoPlaying(page.getByTestId('call-tile').getByTestId('call-tile-video'));
      await expectReceivingFrom(page, 1);
    }
  });

  await test.step('Alice hangs up: both calls end and neither page keeps a track', async () => {
    await alice.getByTestId('call-hangup-button').click();
    await expectEnded(alice, 'hung-up');
    await expectEnded(bob, 'remote-hung-up');
    await expectMediaReleased(alice);
    await expectMediaReleased(bob);
  });
});
