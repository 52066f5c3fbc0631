// A user of Parley 0.1 updates: their browser profile holds the version-1 cache (messages
// keyed without their conversation, and a renderer-owned outbox holding an unsent message,
// its only copy). The new Parley upgrades it to version 2 with nothing lost: the cached
// conversation and messages show at once, and the unsent message is handed to main and
// sent, exactly once.
import { expect, test } from '@playwright/test';
import { openParley } from '../support/browser';
import { ACKED, openDirect, signInAccount } from '../support/parley';
import { freePort, startServer, startWebHost, tempDir } from '../support/processes';
import { netaloTexts } from '../support/server-clients';

test('a version-1 cache upgrades to version 2 with nothing lost, and its unsent message is sent once', async () => {
  const server = await startServer({ dataDir: tempDir('server'), port: await freePort() });
  const host = await startWebHost({ dataDir: tempDir('host'), port: await freePort(), serverUrl: server.url });
  const origin = new URL(host.url).origin;
  try {
    // Alice is signed in on this host (main's side); a throwaway profile finds Bob's conversation.
    const setup = await openParley(tempDir('setup-profile'), origin);
    const s = await setup.newPage();
    await s.goto(host.url);
    await signInAccount(s, { protocol: 'netalo', username: 'alice', password: 'alice-parley' });
    await openDirect(s, 'netalo', 'Bob');
    const groupId = (await s.getByTestId('conversation-view').getAttribute('data-conversation-id'))!;
    const accountId = (await s.getByTestId('conversation-view').getAttribute('data-account-id'))!;
    const aliceId = accountId.split('|').at(-1)!;
    await setup.close();

    // The profile Parley 0.1 left behind: written with the raw IndexedDB API, exactly as
    // Dexie laid out schema version 1 (IndexedDB version 10), on the app's origin.
    const context = await openParley(tempDir('v1-profile'), origin);
    const page = await context.newPage();
    await page.goto(`${origin}/no-app-here`);
    await page.evaluate(
      ({ accountId, groupId, aliceId }) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('parley', 10);
          open.onupgradeneeded = () => {
            const db = open.result;
            const conversations = db.createObjectStore('conversations', { keyPath: ['accountId', 'id'] });
            conversations.createIndex('[accountId+lastActivityAt]', ['accountId', 'lastActivityAt']);
            const messages = db.createObjectStore('messages', { keyPath: ['accountId', 'key'] });
            messages.createIndex('[accountId+conversationId+sentAt]', ['accountId', 'conversationId', 'sentAt']);
            messages.createIndex('[accountId+id]', ['accountId', 'id']);
            const outbox = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
            outbox.createIndex('accountId', 'accountId');
            outbox.createIndex('[accountId+key]', ['accountId', 'key']);
            db.createObjectStore('meta', { keyPath: 'key' });
          };
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction(['conversations', 'messages', 'outbox', 'meta'], 'readwrite');
            const base = { accountId, conversationId: groupId, kind: 'text' };
            tx.objectStore('conversations').put({
              accountId, id: groupId, kind: 'direct', title: 'Bob', memberIds: [aliceId], createdAt: 1, lastActivityAt: 2_000,
              lastMessage: { senderId: aliceId, text: 'from the old cache', sentAt: 2_000 }, unreadCount: 0, muted: false, pinned: false,
            });
            tx.objectStore('messages').put({ ...base, key: 'i:42', id: '42', senderId: aliceId, text: 'from the old cache', sentAt: 1_000, status: 'sent', rev: 1 });
            const key = `n:${aliceId}:legacy-nonce-0001`;
            tx.objectStore('messages').put({ ...base, key, nonce: 'legacy-nonce-0001', senderId: aliceId, text: 'unsent in 0.1', sentAt: 2_000, status: 'sending', rev: 2 });
            tx.objectStore('outbox').put({ accountId, key, conversationId: groupId });
            tx.objectStore('meta').put({ key: `lastSyncedAt:${accountId}`, value: 2_000 });
            tx.oncomplete = () => {
              db.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      { accountId, groupId, aliceId },
    );

    // The new Parley opens that profile.
    await page.goto(host.url);
    const row = page.locator(`[data-testid="conversation-item"][data-conversation-id="${groupId}"]`);
    await expect(row).toBeVisible();
    await row.click();
    await expect(page.getByTestId('message').filter({ hasText: 'from the old cache' })).toBeVisible();
    await expect(page.getByTestId('message').filter({ hasText: 'unsent in 0.1' })).toHaveAttribute('data-status', ACKED, { timeout: 30_000 });
    await expect(page.getByTestId('message').filter({ hasText: 'unsent in 0.1' })).toHaveCount(1);

    // The server holds it once; the old outbox is empty.
    expect((await netaloTexts(server.url, 'bob', 'bob-parley', groupId)).filter((t) => t === 'unsent in 0.1')).toHaveLength(1);
    const legacyLeft = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('parley');
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('outbox')) return resolve(0);
            const req = db.transaction('outbox').objectStore('outbox').count();
            req.onsuccess = () => resolve(req.result);
          };
        }),
    );
    expect(legacyLeft).toBe(0);

    // The upgrade (on to version 3) indexed the old cache's words: search finds them.
    await page.keyboard.press('Control+K');
    await page.keyboard.type('old cach');
    await expect(page.getByTestId('search-result')).toHaveText([/from the old cache/]);
    await context.close();
  } finally {
    await host.stop();
    await server.stop();
  }
});
