// Long threads for B3 and B8 (bench-B): Alice signed in to Parley with two direct
// conversations (Carol's, short, to switch away to; Bob's, holding the long history), and
// messages written straight into an IndexedDB of Parley's shape, as the history e2e spec
// does: Parley's own cache, or the bare list's database (bench/fixtures/bare-list.html).
import { expect, type Page } from '@playwright/test';
import { openDirect, send, signInAccount } from '../../e2e/support/parley';

export interface AliceThreads {
  accountId: string;
  aliceId: string;
  bobConversation: string;
  carolConversation: string;
}

/** Signs Alice in on `page` (at the host) and opens a direct conversation with Carol, then Bob (one message each, acked). */
export async function aliceWithThreads(page: Page, hostUrl: string): Promise<AliceThreads> {
  await page.goto(hostUrl);
  await signInAccount(page, { protocol: 'netalo', username: 'alice', password: 'alice-parley' });
  const view = page.getByTestId('conversation-view');
  await openDirect(page, 'netalo', 'Carol');
  await send(page, 'Hello Carol');
  await expect(page.getByTestId('message').filter({ hasText: 'Hello Carol' }).last()).toHaveAttribute('data-message-id', /^\d+$/, { timeout: 30_000 });
  const carolConversation = (await view.getAttribute('data-conversation-id'))!;
  await openDirect(page, 'netalo', 'Bob');
  await send(page, 'The newest message');
  await expect(page.getByTestId('message').filter({ hasText: 'The newest message' }).last()).toHaveAttribute('data-message-id', /^\d+$/, { timeout: 30_000 });
  const bobConversation = (await view.getAttribute('data-conversation-id'))!;
  const accountId = (await view.getAttribute('data-account-id'))!;
  const aliceId = (await page.getByTestId('message').first().getAttribute('data-sender-id'))!;
  return { accountId, aliceId, bobConversation, carolConversation };
}

/**
 * Writes messages `from` … `to - 1` of a thread of `total` (index 0 the oldest, ending an
 * hour ago, a minute apart) into `dbName`'s threadMessages, creating that store with
 * Parley's primary key and sentAt index when the database is new. Every 7th message runs
 * over three lines, every 11th is long enough to wrap: rows of different heights.
 */
export async function seedThread(
  page: Page,
  opts: { dbName: string; accountId: string; conversationId: string; senders: [string, string]; from: number; to: number; total: number },
): Promise<void> {
  await page.evaluate(async ({ dbName, accountId, conversationId, senders, from, to, total }) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(dbName);
      open.onupgradeneeded = () => {
        const store = open.result.createObjectStore('threadMessages', { keyPath: ['accountId', 'conversationId', 'key'] });
        store.createIndex('[accountId+conversationId+sentAt]', ['accountId', 'conversationId', 'sentAt']);
      };
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const end = Date.now() - 3_600_000;
    const CHUNK = 10_000;
    for (let at = from; at < to; at += CHUNK) {
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('threadMessages', 'readwrite');
        const store = tx.objectStore('threadMessages');
        for (let i = at; i < Math.min(to, at + CHUNK); i++) {
          const id = String(i + 1);
          const text =
            i % 7 === 0
              ? `History ${i + 1}\nwith a second line\nand a third`
              : i % 11 === 0
                ? `History ${i + 1}: a longer message that goes on for a while, so that it wraps onto a second line in the list at its usual width, and perhaps a third one as well`
                : `History ${i + 1}`;
          store.put({ accountId, conversationId, id, key: `i:${id}`, senderId: senders[i % 3 === 0 ? 1 : 0], kind: 'text', text, sentAt: end - (total - i) * 60_000, status: 'sent', rev: 1 });
        }
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    }
    db.close();
  }, opts);
}

/** Parley: clicks `toId`'s row; ms from the click until the frame after its thread shows (the newest page, ≥ `minWindow` rows). */
export function openThread(page: Page, toId: string, minWindow: number): Promise<number> {
  return page.evaluate(
    ({ toId, minWindow }) =>
      new Promise<number>((resolve, reject) => {
        const rowEl = document.querySelector<HTMLElement>(`[data-testid="conversation-item"][data-conversation-id="${toId}"]`);
        if (!rowEl) return reject(new Error(`no conversation row ${toId}`));
        const started = performance.now();
        const ready = () => {
          const view = document.querySelector('[data-testid="conversation-view"]');
          const list = document.querySelector<HTMLElement>('[data-testid="message-list"]');
          return (
            view?.getAttribute('data-conversation-id') === toId &&
            list !== null &&
            Number(list.dataset.windowSize) >= minWindow &&
            list.querySelector('[data-testid="message"]') !== null
          );
        };
        const observer = new MutationObserver(() => {
          if (!ready()) return;
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - started));
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-window-size', 'data-conversation-id'] });
        rowEl.click();
      }),
    { toId, minWindow },
  );
}

/** performance.memory.usedJSHeapSize after two full GCs (Chromium with --expose-gc and precise memory info). */
export function heapAfterGc(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const w = window as unknown as { gc?: () => void };
    const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
    for (let i = 0; i < 2; i++) {
      w.gc?.();
      await frame();
    }
    w.gc?.();
    return (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
  });
}

export const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
