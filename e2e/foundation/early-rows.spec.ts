// The conversation list's first rows are painted before the client's code is there
// (app/sidebar/early-rows.ts): from this device's cache on a start that remembers its
// accounts, from the host's first answer (one HTTP request) in a new browser profile. The
// chat screen then replaces them with its own, and a row clicked meanwhile is the
// conversation it opens.
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

    await test.step('in a new browser profile: painted from the host’s one-request first answer', async () => {
      fresh = await openParley(tempDir('parley-e2e-early-fresh-'), origin);
      const code = await holdClientCode(fresh);
      // A first start asks for the client's code only once its rows are painted from the host's
      // first answer (main.tsx): the code's download and compile slowed it.
      const order: string[] = [];
      await fresh.route(START_CHUNK, (route) => {
        order.push('client code asked');
        return route.fallback();
      });
      // That answer comes over plain HTTP, in one request (host/first-screen-over-http.ts): the
      // IPC socket's own answer to the same question is held back here, so the rows can only
      // come from it.
      const heldOnSocket: Array<() => void> = [];
      let holdingSocket = true;
      await fresh.routeWebSocket(/\/ipc\?/, (ws) => {
        const server = ws.connectToServer();
        server.onMessage((frame) => {
          if (holdingSocket && typeof frame === 'string' && frame.includes('"items"')) heldOnSocket.push(() => ws.send(frame));
          else ws.send(frame);
        });
      });
      const other = await fresh.newPage();
      other.on('response', (response) => {
        if (new URL(response.url()).pathname === '/ipc/first-screen') order.push(`first screen answered ${response.status()}`);
      });
      await other.goto(host.url);
      const early = other.locator('[data-early] [data-testid="conversation-item"]');
      await expect(early).toHaveCount(2);
      await expect(early.filter({ has: other.getByText('Bob Okafor') }).getByTestId('conversation-preview')).toHaveText('You: hello early');
      await expect.poll(() => heldOnSocket.length).toBeGreaterThan(0);
      await expect.poll(() => order.includes('client code asked')).toBe(true);
      expect(order.indexOf('first screen answered 200')).toBeGreaterThanOrEqual(0);
      expect(order.indexOf('first screen answered 200')).toBeLessThan(order.indexOf('client code asked'));
      await other.screenshot({ path: test.info().outputPath('early-rows-fresh.png') });
      holdingSocket = false;
      for (const send of heldOnSocket.splice(0)) send();
      await code.release();
      await expect(other.getByTestId('chat-screen')).toBeVisible();
      await expect(other.locator('[data-early]')).toHaveCount(0);
      await expect(other.getByTestId('conversation-item')).toHaveCount(2);
    });

    await test.step('in a new browser profile whose host does not give that answer: painted from the socket’s', async () => {
      const refused = await openParley(tempDir('parley-e2e-early-refused-'), origin);
      try {
        const code = await holdClientCode(refused);
        let asked = 0;
        await refused.route('**/ipc/first-screen*', (route) => {
          asked++;
          return route.fulfill({ status: 503, contentType: 'text/plain', body: 'Starting' });
        });
        const page3 = await refused.newPage();
        await page3.goto(host.url);
        const early = page3.locator('[data-early] [data-testid="conversation-item"]');
        await expect(early).toHaveCount(2);
        expect(asked).toBe(1);
        await code.release();
        await expect(page3.getByTestId('chat-screen')).toBeVisible();
        await expect(page3.getByTestId('conversation-item')).toHaveCount(2);
      } finally {
        await refused.close();
      }
    });
  } finally {
    await (fresh as BrowserContext | null)?.close();
    await context.close();
    await host.stop();
    await server.stop();
  }
});
