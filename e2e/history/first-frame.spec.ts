// Opening a conversation paints what it shows first: in the first frame after the click, the
// message list is pinned to its newest message and its rows cover the viewport, with no
// overscan built above it yet (that, and the hover toolbars of my messages, come in the frame
// after). Run after a conversation of tall rows, whose mean height is the next list's first
// estimate: too tall for this one, so its first estimated rows fall short and it must measure
// again before that frame, not show a gap.
import { expect, test, type Page } from '@playwright/test';
import { Stage, openConversationId, row } from '../presence/people';
import { openDirect, openRow, send } from '../support/parley';

const stage = new Stage();
test.afterEach(() => stage.stop());

/** Writes `count` messages of `lines` lines each into Parley's cache, oldest first, a minute apart, ending an hour ago. */
async function seedCache(page: Page, where: { accountId: string; conversationId: string; senders: [string, string] }, count: number, lines: number): Promise<void> {
  await page.evaluate(
    async ({ accountId, conversationId, senders, count, lines }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('parley');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const end = Date.now() - 3_600_000;
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('threadMessages', 'readwrite');
        const store = tx.objectStore('threadMessages');
        for (let i = 0; i < count; i++) {
          const id = `${conversationId}-${i + 1}`;
          const text = Array.from({ length: lines }, (_, line) => `${conversationId} ${i + 1} line ${line + 1}`).join('\n');
          store.put({ accountId, conversationId, id, key: `i:${id}`, senderId: senders[i % 3 === 0 ? 1 : 0], kind: 'text', text, sentAt: end - (count - i) * 60_000, status: 'sent', rev: 1 });
        }
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { ...where, count, lines },
  );
}

/** Clicks `conversationId`'s row; in the first frame after its list holds ≥ 50 rows: how its rows sit against the viewport. */
function firstFrameAfterOpening(page: Page, conversationId: string) {
  return page.evaluate(
    (conversationId) =>
      new Promise<{ firstRowTop: number; lastRowBottom: number; listTop: number; listBottom: number; toolbars: number }>((resolve) => {
        const ready = () => {
          const view = document.querySelector('[data-testid="conversation-view"]');
          const list = document.querySelector<HTMLElement>('[data-testid="message-list"]');
          return view?.getAttribute('data-conversation-id') === conversationId && list !== null && Number(list.dataset.windowSize) >= 50 && list.querySelector('[data-row-key]') !== null;
        };
        const observer = new MutationObserver(() => {
          if (!ready()) return;
          observer.disconnect();
          // The animation frame that paints it: what it shows is laid out now.
          requestAnimationFrame(() => {
            const list = document.querySelector<HTMLElement>('[data-testid="message-list"]')!;
            const rows = list.querySelectorAll<HTMLElement>('[data-row-key]');
            const box = list.getBoundingClientRect();
            resolve({
              firstRowTop: rows[0]!.getBoundingClientRect().top,
              lastRowBottom: rows[rows.length - 1]!.getBoundingClientRect().bottom,
              listTop: box.top,
              listBottom: box.top + list.clientHeight,
              toolbars: list.querySelectorAll('[data-testid="message-actions"]').length,
            });
          });
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-window-size', 'data-conversation-id'] });
        document.querySelector<HTMLElement>(`[data-testid="conversation-item"][data-conversation-id="${conversationId}"]`)!.click();
      }),
    conversationId,
  );
}

test('an opened conversation paints its newest rows covering the viewport first, the overscan and toolbars the frame after', async () => {
  test.setTimeout(120_000);
  await stage.start();
  const alice = await stage.parley('alice');
  const bob = await stage.scripted('bob');
  const carol = await stage.scripted('carol');
  const { page } = alice;
  await openDirect(page, 'netalo', 'carol');
  await send(page, 'Hello Carol');
  await expect(page.getByTestId('message').filter({ hasText: 'Hello Carol' })).toHaveAttribute('data-message-id', /^\d+$/);
  const tall = await openConversationId(page);
  await openDirect(page, 'netalo', 'bob');
  await send(page, 'Hello Bob');
  await expect(page.getByTestId('message').filter({ hasText: 'Hello Bob' })).toHaveAttribute('data-message-id', /^\d+$/);
  const short = await openConversationId(page);
  const accountId = (await page.getByTestId('conversation-view').getAttribute('data-account-id'))!;
  const aliceId = (await page.getByTestId('message').first().getAttribute('data-sender-id'))!;
  await seedCache(page, { accountId, conversationId: tall, senders: [aliceId, carol.uin] }, 60, 5);
  await seedCache(page, { accountId, conversationId: short, senders: [aliceId, bob.uin] }, 200, 1);
  await page.reload();

  // The tall rows measured: the next list starts from their mean height.
  await openRow(page, row(page, tall));
  await expect(page.getByTestId('message').filter({ hasText: 'Hello Carol' })).toBeInViewport();
  await expect.poll(() => page.getByTestId('message').count()).toBeGreaterThanOrEqual(10);

  const frame = await firstFrameAfterOpening(page, short);
  // Covered from the viewport's top down to the newest message at its bottom: no gap, no jump.
  expect(frame.firstRowTop).toBeLessThanOrEqual(frame.listTop + 0.5);
  expect(Math.abs(frame.lastRowBottom - frame.listBottom)).toBeLessThanOrEqual(24);
  // No overscan built yet: the 600 px above the viewport come later.
  expect(frame.firstRowTop).toBeGreaterThan(frame.listTop - 300);
  expect(frame.toolbars).toBe(0);

  // The frame after: the overscan above, my messages' toolbars, the newest still in view.
  await expect
    .poll(() => page.getByTestId('message-list').evaluate((list) => list.getBoundingClientRect().top - list.querySelector('[data-row-key]')!.getBoundingClientRect().top))
    .toBeGreaterThan(400);
  await expect(page.getByTestId('message-actions').first()).toBeAttached();
  await expect(page.getByTestId('message').filter({ hasText: 'Hello Bob' })).toBeInViewport();
});
