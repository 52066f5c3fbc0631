// A first start in a new browser profile, with a chat server slow to send the first page of
// conversations: the cache is empty, and the chat screen is up before the page arrives. The
// list must never say "No conversations yet" then, and the rows painted before React
// (app/sidebar/early-rows.ts) must stay until the chat screen's own rows replace them (a
// fresh CI run caught them flashing away to that empty state and back).
// A click on such a row meanwhile opens its conversation once the list has it.
// The slow server is the real one, paused with SIGSTOP (its sockets stay open) and resumed
// with SIGCONT: no fake in between.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { openParley } from '../support/browser';
import { holdClientCode } from '../support/hold-client-code';
import { openDirect, send, signInAccount } from '../support/parley';
import { freePort, startServer, startWebHost, tempDir, type Running } from '../support/processes';
import { scriptedNetaloUser } from '../support/scripted-netalo-user';

/** Records, from before any page script, whether the list ever said it was empty. */
async function watchForEmptyList(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __sawEmptyList: boolean };
    w.__sawEmptyList = false;
    new MutationObserver(() => {
      if (document.querySelector('.conversation-list .empty-state')) w.__sawEmptyList = true;
    }).observe(document, { childList: true, subtree: true });
  });
}

const sawEmptyList = (page: Page) => page.evaluate(() => (window as unknown as { __sawEmptyList: boolean }).__sawEmptyList);

function pause(server: Running): void {
  server.process.kill('SIGSTOP');
}

function resume(server: Running): void {
  server.process.kill('SIGCONT');
}

test('a first start whose server is slow to list: the list loads (or keeps its early rows, clickable), never shows itself empty', async () => {
  const server = await startServer({ dataDir: tempDir('parley-e2e-slowlist-server-'), port: await freePort() });
  const host = await startWebHost({ dataDir: tempDir('parley-e2e-slowlist-host-'), port: await freePort(), serverUrl: server.url });
  const origin = new URL(host.url).origin;
  const contexts: BrowserContext[] = [];
  const bob = await scriptedNetaloUser(server.url, 'bob', 'bob-parley');
  try {
    const first = await openParley(tempDir('parley-e2e-slowlist-profile-'), origin);
    contexts.push(first);
    const page = await first.newPage();
    await page.goto(host.url);
    await signInAccount(page, { protocol: 'netalo', username: 'alice', password: 'alice-parley' });
    await openDirect(page, 'netalo', 'Bob');
    await send(page, 'hello slow server');
    const groupId = (await page.getByTestId('conversation-view').getAttribute('data-conversation-id'))!;

    await test.step('no rows painted before React: the list says it is loading until the page comes', async () => {
      const fresh = await openParley(tempDir('parley-e2e-slowlist-fresh-'), origin);
      contexts.push(fresh);
      const other = await fresh.newPage();
      await watchForEmptyList(other);
      pause(server);
      await other.goto(host.url);
      await expect(other.getByTestId('chat-screen')).toBeVisible();
      const pending = other.getByTestId('conversation-list-pending');
      await expect(pending).toHaveText('Loading conversations…');
      await other.screenshot({ path: test.info().outputPath('slow-first-page-loading.png') });
      resume(server);
      await expect(other.getByTestId('conversation-item')).toHaveCount(1);
      await expect(pending).toHaveCount(0);
      expect(await sawEmptyList(other)).toBe(false);
    });

    await test.step('a list request that times out: the list says it is trying again, and the list comes without a reconnect', async () => {
      const fresh = await openParley(tempDir('parley-e2e-slowlist-timeout-'), origin);
      contexts.push(fresh);
      const other = await fresh.newPage();
      await watchForEmptyList(other);
      // Paused past the host's request timeout (10 s) and less than socket.io's ping timeout:
      // the list request fails while the connection stays up, so no connection change asks again.
      pause(server);
      await other.goto(host.url);
      const status = other.getByTestId('conversation-list-status');
      await expect(status).toHaveText('Loading conversations…');
      await expect(status).toHaveAttribute('data-retrying', 'true', { timeout: 20_000 });
      await expect(status).toHaveText('Couldn’t load your conversations. Trying again…');
      await expect(other.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'online');
      await other.screenshot({ path: test.info().outputPath('slow-first-page-retrying.png') });
      resume(server);
      await expect(other.getByTestId('conversation-item')).toHaveCount(1);
      await expect(other.getByTestId('conversation-list-pending')).toHaveCount(0);
      expect(await sawEmptyList(other)).toBe(false);
    });

    await test.step('rows painted before React: they stay on screen until the chat screen’s own rows come', async () => {
      const fresh = await openParley(tempDir('parley-e2e-slowlist-fresh2-'), origin);
      contexts.push(fresh);
      // The client's code is held back, so the rows are painted from the host's first answers.
      const code = await holdClientCode(fresh);
      const other = await fresh.newPage();
      await watchForEmptyList(other);
      // Bob's message reaches the page before the client runs: the host's early answers are
      // then out of date and dropped (host/early-answers.ts), so the client asks for the list
      // again, and the paused server holds that answer back.
      // On a first start the socket opens once the rows are painted (from the HTTP answer), and
      // its own early answer to the list must be in before Bob writes: an answer that came after
      // his message would already hold it, and nothing would be asked again.
      let listAnswered!: () => void;
      const listAnsweredOnSocket = new Promise<void>((resolve) => (listAnswered = resolve));
      const bobsMessage = new Promise<void>((resolve) =>
        other.on('websocket', (ws) =>
          ws.on('framereceived', ({ payload }) => {
            const frame = String(payload);
            if (frame.includes('"type":"result"') && frame.includes('"items"')) listAnswered();
            if (frame.includes('while you were away')) resolve();
          }),
        ),
      );
      await other.goto(host.url);
      const early = other.locator('[data-early] [data-testid="conversation-item"]');
      await expect(early).toHaveCount(1);
      await listAnsweredOnSocket;
      await bob.say(groupId, 'while you were away');
      await bobsMessage;
      pause(server);
      await code.release();
      await expect(other.getByTestId('chat-screen')).toBeVisible();
      // The painted row, now in the chat screen's list place, the loading line hidden.
      const pending = other.getByTestId('conversation-list-pending');
      await expect(pending.locator('[data-early] [data-testid="conversation-item"]')).toHaveCount(1);
      await expect(pending.getByText('Loading conversations…')).toBeHidden();
      await other.screenshot({ path: test.info().outputPath('slow-first-page-early-rows.png') });
      // A click on it now is kept: the conversation opens once the list has it.
      await pending.getByTestId('conversation-item').click();
      await expect(pending.getByTestId('conversation-item')).toHaveAttribute('aria-current', 'page');
      await expect(other.getByTestId('conversation-view')).toHaveCount(0);
      await other.screenshot({ path: test.info().outputPath('slow-first-page-early-row-chosen.png') });
      resume(server);
      await expect(other.locator('[data-early]')).toHaveCount(0);
      await expect(other.getByTestId('conversation-item')).toHaveCount(1);
      await expect(other.getByTestId('conversation-preview')).toHaveText('while you were away');
      await expect(other.getByTestId('conversation-view')).toHaveAttribute('data-conversation-id', groupId);
      await expect(other.getByTestId('message').filter({ hasText: 'while you were away' })).toBeVisible();
      expect(await sawEmptyList(other)).toBe(false);
    });
  } finally {
    resume(server);
    bob.close();
    for (const context of contexts) await context.close();
    await host.stop();
    await server.stop();
  }
});
