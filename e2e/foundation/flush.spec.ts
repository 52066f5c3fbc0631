// 500 messages written while the server is down go out when it is back: once each, in order,
// with the window usable throughout (the user writes and switches conversations while they
// flush, and what they write then goes out after the 500).
import { expect, test } from '@playwright/test';
import { openParley } from '../support/browser';
import { openDirect, send, signInAccount } from '../support/parley';
import { freePort, startServer, startWebHost, tempDir, type Running } from '../support/processes';
import { netaloMessages } from '../support/server-clients';

const COUNT = 500;

test('500 messages queued while the server is down are sent once each, in order, and the window stays usable', async () => {
  test.setTimeout(120_000);
  const serverDir = tempDir('parley-e2e-flush-server-');
  const serverPort = await freePort();
  let server: Running | null = await startServer({ dataDir: serverDir, port: serverPort });
  const serverUrl = server.url;
  const host = await startWebHost({ dataDir: tempDir('parley-e2e-flush-host-'), port: await freePort(), serverUrl });
  const context = await openParley(tempDir('parley-e2e-flush-profile-'), new URL(host.url).origin);
  try {
    const page = await context.newPage();
    await page.goto(host.url);
    await signInAccount(page, { protocol: 'netalo', username: 'alice', password: 'alice-parley' });
    await openDirect(page, 'netalo', 'Carol');
    await send(page, 'hi carol');
    await openDirect(page, 'netalo', 'Bob');
    await send(page, 'hi bob');
    const bobGroup = (await page.getByTestId('conversation-view').getAttribute('data-conversation-id'))!;
    await expect(page.getByTestId('message').filter({ hasText: 'hi bob' })).toHaveAttribute('data-status', 'sent');

    await server.stop();
    server = null;
    await expect(page.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'offline');
    // Typed as a user types, into the focused composer, which keeps the focus after each
    // send (keyboard input, without a locator's checks before each of the 1,000 steps).
    await page.getByTestId('composer-input').focus();
    for (let i = 0; i < COUNT; i++) {
      await page.keyboard.insertText(`queued ${String(i).padStart(3, '0')}`);
      await page.keyboard.press('Enter');
    }
    const mine = page.locator('[data-testid="message"][data-own="true"]');
    // The list is virtualised (only the rows near the viewport are in the DOM): all 500 are in
    // the thread it shows, the newest one on screen, queued.
    await expect(page.getByTestId('message-list')).toHaveAttribute('data-window-size', String(COUNT + 1));
    await expect(mine.filter({ hasText: `queued ${COUNT - 1}` })).toHaveAttribute('data-status', 'queued');
    await expect(page.locator('[data-testid="message"][data-status="queued"]').first()).toBeVisible();

    server = await startServer({ dataDir: serverDir, port: serverPort });
    // The flush has begun: the server holds the first queued message.
    await expect
      .poll(async () => (await netaloMessages(serverUrl, 'alice', 'alice-parley', bobGroup, 1000)).some((m) => m.message === 'queued 000'), {
        timeout: 60_000,
      })
      .toBe(true);
    // Meanwhile the user goes on: writes once more, looks at another conversation, comes back.
    await send(page, 'written during the flush');
    await page.getByTestId('conversation-item').filter({ hasText: 'Carol' }).click();
    await expect(page.getByTestId('conversation-header-title')).toHaveText(/Carol/);
    await page.getByTestId('conversation-item').filter({ hasText: 'Bob' }).click();
    await expect(page.getByTestId('conversation-header-title')).toHaveText(/Bob/);

    await expect(mine.filter({ hasText: 'written during the flush' })).toHaveAttribute('data-status', 'sent', { timeout: 60_000 });
    await expect(page.locator('[data-testid="message"][data-status="queued"], [data-testid="message"][data-status="sending"]')).toHaveCount(0);
    const onServer = (await netaloMessages(serverUrl, 'alice', 'alice-parley', bobGroup, 1000)).map((m) => m.message).reverse();
    const expected = ['hi bob', ...Array.from({ length: COUNT }, (_, i) => `queued ${String(i).padStart(3, '0')}`), 'written during the flush'];
    expect(onServer).toEqual(expected);
  } finally {
    await context.close();
    await host.stop();
    await server?.stop();
  }
});
