// The conversation list's first rows are painted before the client's code is there
// (app/sidebar/early-rows.ts): from this device's cache on a start that remembers its
// accounts, from the host's first answers in a new browser profile. The chat screen then
// replaces them with its own, and a row clicked meanwhile is the conversation it opens.
// The client's code is held back here (its `start` chunk), so each step is seen for sure.
import { expect, test, type BrowserContext } from '@playwright/test';
import { openParley } from '../support/browser';
import { holdClientCode, START_CHUNK } from '../support/hold-client-code';
import { openDirect, send, signInAccount } from '../support/parley';
import { freePort, startServer, startWebHost, tempDir } from '../support/processes';

test('the list’s rows are painted before the client’s code, and a click on one opens it once the client runs', async () => {
  const server = await startServer({ dataDir: tempDir('parley-e2e-early-server-'), port: await freePort() });
  const host = await startWebHost({ dataDir: tempDir('parley-e2e-early-host-'), port: await freePort(), serverUrl: server.url });
  const origin = new URL(host.url).origin;
  const context = await openParley(tempDir('parley-e2e-early-profile-'), origin);
  let fresh: BrowserContext | null = null;
  try {
    const page = await context.newPage();
    await page.goto(host.url);
    await signInAccount(page, { protocol: 'netalo', username: 'alice', password: 'alice-parley' });
    await openDirect(page, 'netalo', 'Bob');
    await send(page, 'hello early');
    const bobId = (await page.getByTestId('conversation-view').getAttribute('data-conversation-id'))!;
    await openDirect(page, 'netalo', 'Carol');
    // The next start knows which accounts' rows to paint (remembered while the page is idle).
    await expect.poll(() => page.evaluate(() => localStorage.getItem('parley.firstScreen.list'))).toContain('"top"');
    // And its first screen's rows, painted next time without waiting for IndexedDB.
    await expect.poll(() => page.evaluate(() => localStorage.getItem('parley.firstScreen.rows.v1'))).toContain('hello early');

    await test.step('from the cache: painted while the client’s code is held back', async () => {
      const code = await holdClientCode(context);
      await page.reload();
      const early = page.locator('[data-early] [data-testid="conversation-item"]');
      await expect(early).toHaveCount(2);
      // In the list's order, which the two conversations' last activity decides (either way here).
      await expect.poll(async () => (await early.getByTestId('conversation-title').allTextContents()).sort()).toEqual(['Bob Okafor', 'Carol Nguyen']);
      const bob = early.filter({ has: page.getByText('Bob Okafor') });
      await expect(bob.getByTestId('conversation-preview')).toHaveText('You: hello early');
      await expect(page.getByTestId('chat-screen')).toHaveCount(0);
      await page.screenshot({ path: test.info().outputPath('early-rows-cached.png') });
      // Carol's conversation was open and would be reopened; the click on Bob's row wins.
      await bob.click();
      await code.release();
      await expect(page.getByTestId('conversation-view')).toHaveAttribute('data-conversation-id', bobId);
      await expect(page.locator('[data-early]')).toHaveCount(0);
      await expect(page.getByTestId('conversation-item')).toHaveCount(2);
      await context.unroute(START_CHUNK);
    });

    await test.step('in a new browser profile: painted from the host’s first answers', async () => {
      fresh = await openParley(tempDir('parley-e2e-early-fresh-'), origin);
      const code = await holdClientCode(fresh);
      // A first start asks for the client's code only once the host's first page of
      // conversations has answered (main.tsx): the code's download and compile slowed it.
      const order: string[] = [];
      await fresh.route(START_CHUNK, (route) => {
        order.push('client code asked');
        return route.fallback();
      });
      const other = await fresh.newPage();
      other.on('websocket', (socket) =>
        socket.on('framereceived', (frame) => {
          if (typeof frame.payload === 'string' && frame.payload.includes('"items"')) order.push('first page answered');
        }),
      );
      await other.goto(host.url);
      await expect.poll(() => order.includes('client code asked')).toBe(true);
      expect(order.indexOf('first page answered')).toBeGreaterThanOrEqual(0);
      expect(order.indexOf('first page answered')).toBeLessThan(order.indexOf('client code asked'));
      const early = other.locator('[data-early] [data-testid="conversation-item"]');
      await expect(early).toHaveCount(2);
      await expect(early.filter({ has: other.getByText('Bob Okafor') }).getByTestId('conversation-preview')).toHaveText('You: hello early');
      await other.screenshot({ path: test.info().outputPath('early-rows-fresh.png') });
      await code.release();
      await expect(other.getByTestId('chat-screen')).toBeVisible();
      await expect(other.locator('[data-early]')).toHaveCount(0);
      await expect(other.getByTestId('conversation-item')).toHaveCount(2);
    });
  } finally {
    await (fresh as BrowserContext | null)?.close();
    await context.close();
    await host.stop();
    await server.stop();
  }
});
