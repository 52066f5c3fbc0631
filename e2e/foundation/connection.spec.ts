// The connection as the user sees it: offline the moment the server goes, with "Retry now";
// back online by itself or when asked; and what changed while away (a new message, an edit,
// a deletion) is in the conversation after the reconnect, without reopening anything.
import { expect, test } from '@playwright/test';
import { openParley } from '../support/browser';
import { openDirect, send, signInAccount } from '../support/parley';
import { freePort, startServer, startWebHost, tempDir, type Running } from '../support/processes';
import { asNetaloUser } from '../support/server-clients';

test('offline is shown at once with Retry now; what changed while away appears after the reconnect', async () => {
  const serverDir = tempDir('parley-e2e-conn-server-');
  const serverPort = await freePort();
  let server: Running | null = await startServer({ dataDir: serverDir, port: serverPort });
  const serverUrl = server.url;
  const host = await startWebHost({ dataDir: tempDir('parley-e2e-conn-host-'), port: await freePort(), serverUrl });
  const context = await openParley(tempDir('parley-e2e-conn-profile-'), new URL(host.url).origin);
  try {
    const page = await context.newPage();
    await page.goto(host.url);
    await signInAccount(page, { protocol: 'netalo', username: 'alice', password: 'alice-parley' });
    const indicator = page.getByTestId('connection-indicator');
    await expect(indicator).toHaveAttribute('data-state', 'online');
    await expect(page.getByTestId('connection-retry')).toBeHidden();
    await openDirect(page, 'netalo', 'Bob');
    await send(page, 'hi bob');
    const groupId = (await page.getByTestId('conversation-view').getAttribute('data-conversation-id'))!;
    const bobSays = (text: string, nonce: string) => asNetaloUser(serverUrl, 'bob', 'bob-parley', (ask) => ask('create_message', { group_id: groupId, message: text, nonce }));
    const keep = (await bobSays('keep me', 'e2e-keep')).message as { message_id: string };
    const drop = (await bobSays('delete me', 'e2e-drop')).message as { message_id: string };
    await expect(page.getByTestId('message').filter({ hasText: 'delete me' })).toBeVisible();

    await server.stop();
    server = null;
    await expect(indicator).toHaveAttribute('data-state', 'offline');
    await expect(indicator).toContainText('Offline');
    await page.screenshot({ path: test.info().outputPath('offline.png') });
    // Retry now while the server is still gone: it tries, and says offline again (no crash, no lie).
    await page.getByTestId('connection-retry').click();
    await expect(indicator).toHaveAttribute('data-state', 'offline');

    server = await startServer({ dataDir: serverDir, port: serverPort });
    await asNetaloUser(serverUrl, 'bob', 'bob-parley', async (ask) => {
      await ask('update_message', { group_id: groupId, message_id: keep.message_id, message: 'kept, and edited' });
      await ask('delete_message', { group_id: groupId, message_id: drop.message_id });
      await ask('create_message', { group_id: groupId, message: 'while you were away', nonce: 'e2e-away' });
    });
    // Back by itself within the back-off (Retry now skipping it is proven in main/core/test/faults.test.ts).
    await expect(indicator).toHaveAttribute('data-state', 'online', { timeout: 20_000 });
    await expect(page.getByTestId('connection-retry')).toBeHidden();

    const edited = page.locator(`[data-testid="message"][data-message-id="${keep.message_id}"]`);
    await expect(edited.getByTestId('message-text')).toHaveText('kept, and edited');
    await expect(edited.getByTestId('message-edited')).toBeVisible();
    const deleted = page.locator(`[data-testid="message"][data-message-id="${drop.message_id}"]`);
    await expect(deleted.getByTestId('message-text')).toHaveText('This message was deleted.');
    await expect(page.getByTestId('message').filter({ hasText: 'while you were away' })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('after-reconnect.png') });
  } finally {
    await context.close();
    await host.stop();
    await server?.stop();
  }
});
