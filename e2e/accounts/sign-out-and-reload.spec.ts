// Signing out asks first and can remove this account's messages from this device; a reload
// reopens the conversation that was open. Alice's cache is read straight from IndexedDB
// (Parley's Dexie database "parley"), so "removed" means the rows are gone, not just hidden.
import { expect, test, type Page } from '@playwright/test';
import { open, startCallWorld } from '../calls/world';
import { signInAccount } from '../support/parley';

test.use({ actionTimeout: 15_000 });
test.setTimeout(240_000);

/** The rows this device's cache holds: conversations and messages, every account. */
function cachedRows(page: Page): Promise<{ conversations: number; messages: number }> {
  return page.evaluate(
    () =>
      new Promise<{ conversations: number; messages: number }>((resolve, reject) => {
        const req = indexedDB.open('parley');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction(['conversations', 'threadMessages']);
          const conversations = tx.objectStore('conversations').count();
          const messages = tx.objectStore('threadMessages').count();
          tx.oncomplete = () => {
            db.close();
            resolve({ conversations: conversations.result, messages: messages.result });
          };
        };
      }),
  );
}

async function signOut(page: Page, removeData: boolean): Promise<void> {
  await page.getByTestId('sign-out').click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toBeVisible();
  if (removeData) await dialog.getByTestId('sign-out-remove-data').check();
  await dialog.getByTestId('confirm-accept').click();
  await expect(page.getByTestId('signin-form')).toBeVisible();
}

test('a reload reopens the open conversation; sign-out asks, and removes the account’s messages only when asked to', async () => {
  const world = await startCallWorld();
  try {
    const alice = await world.parley('alice');

    await test.step('a reload reopens the conversation that was open', async () => {
      await open(alice, world.conversations.trio);
      await expect(alice.getByTestId('message')).not.toHaveCount(0);
      await alice.reload();
      await expect(alice.getByTestId('conversation-view')).toHaveAttribute('data-conversation-id', world.conversations.trio);
      // And another choice is what the next reload reopens.
      await open(alice, world.conversations.aliceBob);
      await alice.reload();
      await expect(alice.getByTestId('conversation-view')).toHaveAttribute('data-conversation-id', world.conversations.aliceBob);
    });

    await test.step('sign-out asks first: cancelling keeps the account signed in', async () => {
      await alice.getByTestId('sign-out').click();
      await expect(alice.getByTestId('confirm-dialog')).toBeVisible();
      await expect(alice.getByTestId('sign-out-remove-data')).not.toBeChecked();
      await alice.getByTestId('confirm-cancel').click();
      await expect(alice.getByTestId('confirm-dialog')).toHaveCount(0);
      await expect(alice.getByTestId('chat-screen')).toBeVisible();
    });

    await test.step('signing out without removing keeps the cache', async () => {
      await expect.poll(async () => (await cachedRows(alice)).messages).toBeGreaterThan(0);
      await signOut(alice, false);
      const rows = await cachedRows(alice);
      expect(rows.conversations).toBeGreaterThan(0);
      expect(rows.messages).toBeGreaterThan(0);
    });

    await test.step('signing out with “also remove this account’s messages” deletes its rows', async () => {
      await signInAccount(alice, { protocol: 'netalo', username: 'alice', password: 'alice-parley', serverUrl: world.serverUrl });
      await expect(alice.getByTestId('conversation-item')).not.toHaveCount(0);
      // The list's first screen is kept for the next start (app/sidebar/remembered-rows.ts)...
      const keptRows = () => alice.evaluate(() => localStorage.getItem('parley.firstScreen.rows.v1'));
      await expect.poll(keptRows).not.toBeNull();
      await signOut(alice, true);
      // ...and gone with the account: no preview of it is left to paint.
      expect(await keptRows()).toBeNull();
      // The sign-in screen shows as soon as the account is gone from the view; the rows go just after.
      await expect.poll(() => cachedRows(alice)).toEqual({ conversations: 0, messages: 0 });
    });
  } finally {
    await world.close();
  }
});
