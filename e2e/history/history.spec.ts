// Long histories: a thread of 100,000 cached messages opens and scrolls to its beginning
// and back with a bounded DOM (rows counted, never timed); scrolling past the cache pages
// older messages in from the real server without moving what the user reads; "jump to
// newest" appears with the count of messages that arrived below, and takes the user there.
import { expect, test, type Page } from '@playwright/test';
import { NAMES, Stage, openConversationId, row } from '../presence/people';
import { openDirect, openRow, send } from '../support/parley';

const stage = new Stage();
test.afterEach(() => stage.stop());

/** What the e2e budget allows in the DOM at once (the list renders at most 60). */
const MAX_ROWS = 80;

const list = (page: Page) => page.getByTestId('message-list');

/** Rendered `message` rows right now. */
const renderedRows = (page: Page) => page.getByTestId('message').count();

/** Writes `count` messages into Parley's own cache (its IndexedDB, the app's schema), oldest first, ending an hour ago. */
async function seedCache(page: Page, accountId: string, conversationId: string, senders: [string, string], count: number): Promise<void> {
  await page.evaluate(
    async ({ accountId, conversationId, senders, count }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('parley');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const end = Date.now() - 3_600_000;
      const CHUNK = 10_000;
      for (let from = 0; from < count; from += CHUNK) {
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction('threadMessages', 'readwrite');
          const store = tx.objectStore('threadMessages');
          for (let i = from; i < Math.min(count, from + CHUNK); i++) {
            const id = String(i + 1);
            // Every 7th message runs over several lines: rows of different heights.
            const text = i % 7 === 0 ? `History ${i + 1}\nwith a second line\nand a third` : `History ${i + 1}`;
            store.put({
              accountId,
              conversationId,
              id,
              key: `i:${id}`,
              senderId: senders[i % 3 === 0 ? 1 : 0],
              kind: 'text',
              text,
              // An hour apart: eleven years of history, a day separator every 24 rows.
              sentAt: end - (count - i) * 3_600_000,
              status: 'sent',
              rev: 1,
            });
          }
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
      }
      db.close();
    },
    { accountId, conversationId, senders, count },
  );
}

/**
 * Scrolls to the window's edge (top or bottom) again and again until `done`, waiting each
 * time for the app to change its window (the first / last rendered row changes) or finish.
 * Returns the most `message` rows seen in the DOM and the largest window the store held.
 */
async function scrollThrough(page: Page, direction: 'up' | 'down', maxSteps = Infinity): Promise<{ maxRows: number; maxWindow: number; steps: number }> {
  return page.evaluate(async ({ direction, maxSteps }) => {
    const el = document.querySelector<HTMLElement>('[data-testid="message-list"]')!;
    const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    const edgeKey = () => {
      const rows = el.querySelectorAll<HTMLElement>('[data-testid="message"]');
      const row = direction === 'up' ? rows[0] : rows[rows.length - 1];
      return row?.dataset.messageKey ?? '';
    };
    const finished = () =>
      direction === 'up' ? document.querySelector('[data-testid="history-beginning"]') !== null : el.dataset.detached !== 'true' && el.dataset.loading !== 'true';
    let maxRows = 0;
    let maxWindow = 0;
    let steps = 0;
    const sample = () => {
      maxRows = Math.max(maxRows, el.querySelectorAll('[data-testid="message"]').length);
      maxWindow = Math.max(maxWindow, Number(el.dataset.windowSize));
    };
    while (!finished() && steps < maxSteps) {
      const before = edgeKey();
      el.scrollTop = direction === 'up' ? 0 : el.scrollHeight;
      steps++;
      // The app's answer: a new page in the window (the edge row changes) or the end reached.
      for (let waited = 0; edgeKey() === before && !finished(); waited++) {
        if (waited > 600) throw new Error(`no page came after ${steps} steps (${direction})`);
        await frame();
        sample();
        el.scrollTop = direction === 'up' ? 0 : el.scrollHeight;
      }
      sample();
    }
    sample();
    return { maxRows, maxWindow, steps };
  }, { direction, maxSteps });
}

/** The first `message` row whose bottom is below the list's top: the one the user reads. */
function topVisible(page: Page): Promise<{ key: string; offset: number } | null> {
  return page.evaluate(() => {
    const el = document.querySelector<HTMLElement>('[data-testid="message-list"]')!;
    const top = el.getBoundingClientRect().top;
    for (const row of el.querySelectorAll<HTMLElement>('[data-testid="message"]')) {
      const rect = row.getBoundingClientRect();
      if (rect.bottom > top) return { key: row.dataset.messageKey!, offset: rect.top - top };
    }
    return null;
  });
}

/**
 * Alice's Parley with her conversation with Bob holding `count` cached messages (seedCache)
 * below her own newest one, reloaded and that conversation opened: her page.
 */
async function openSeededThread(count: number): Promise<Page> {
  await stage.start();
  const alice = await stage.parley('alice');
  const bob = await stage.scripted('bob');
  await openDirect(alice.page, 'netalo', 'bob');
  await send(alice.page, 'The newest message');
  await expect(alice.page.getByTestId('message').filter({ hasText: 'The newest message' })).toHaveAttribute('data-message-id', /^\d+$/);
  const conversationId = await openConversationId(alice.page);
  const accountId = (await alice.page.getByTestId('conversation-view').getAttribute('data-account-id'))!;
  const aliceId = (await alice.page.getByTestId('message').first().getAttribute('data-sender-id'))!;
  await seedCache(alice.page, accountId, conversationId, [aliceId, bob.uin], count);
  await alice.page.reload();
  await openRow(alice.page, row(alice.page, conversationId));
  return alice.page;
}

test('100,000 cached messages: opens at the newest, scrolls to the beginning and back with a bounded DOM', async () => {
  test.setTimeout(300_000);
  const page = await openSeededThread(100_000);

  // Opens at the newest message, with a handful of rows in the DOM.
  await expect(page.getByTestId('message').filter({ hasText: 'The newest message' })).toBeVisible();
  await expect(page.getByTestId('message-text').filter({ hasText: /^History 100000$/ })).toBeVisible();
  expect(await renderedRows(page)).toBeLessThanOrEqual(MAX_ROWS);

  // Part of the way up: look at it.
  for (let i = 0; i < 3; i++) {
    const before = await list(page).getAttribute('data-oldest-key');
    await list(page).evaluate((el) => (el.scrollTop = 0));
    await expect(list(page)).not.toHaveAttribute('data-oldest-key', before!);
  }
  await page.getByTestId('day-separator').first().scrollIntoViewIfNeeded();
  await expect(page.getByTestId('day-separator').first()).toBeInViewport();
  expect(await renderedRows(page)).toBeLessThanOrEqual(MAX_ROWS);
  await page.screenshot({ path: test.info().outputPath('long-conversation-past.png') });

  const up = await scrollThrough(page, 'up');
  expect(up.maxRows).toBeLessThanOrEqual(MAX_ROWS);
  expect(up.maxWindow).toBeLessThanOrEqual(1200);
  await expect(page.getByTestId('history-beginning')).toBeVisible();
  await list(page).evaluate((el) => (el.scrollTop = 0));
  await expect(page.getByTestId('message-text').first()).toHaveText(/^History 1\n/);
  await expect(page.getByTestId('message-text').filter({ hasText: /^History 1\n/ })).toBeVisible();
  expect(await renderedRows(page)).toBeLessThanOrEqual(MAX_ROWS);
  await page.screenshot({ path: test.info().outputPath('long-conversation-beginning.png') });

  // Back down: newer pages come from the cache as the user scrolls (50 of them), then "jump to newest".
  const down = await scrollThrough(page, 'down', 50);
  expect(down.steps).toBe(50);
  expect(down.maxRows).toBeLessThanOrEqual(MAX_ROWS);
  expect(down.maxWindow).toBeLessThanOrEqual(1200);
  const firstShown = Number((await page.getByTestId('message-text').first().textContent())!.match(/History (\d+)/)![1]);
  expect(firstShown).toBeGreaterThan(5_000); // well past the beginning: the window moved down
  await page.getByTestId('jump-to-newest').click();
  await expect(page.getByTestId('message').filter({ hasText: 'The newest message' })).toBeInViewport();
  await expect(page.getByTestId('jump-to-newest')).toHaveCount(0);
  await expect(list(page)).toHaveAttribute('data-detached', 'false');
  expect(await renderedRows(page)).toBeLessThanOrEqual(MAX_ROWS);
  test.info().annotations.push({ type: 'pages', description: `up ${up.steps} steps, down ${down.steps} steps; at most ${Math.max(up.maxRows, down.maxRows)} rows rendered` });
});

test('a jump to the window\'s top paints rows there in its first frame, and the row on top stays put as the older page comes', async () => {
  test.setTimeout(120_000);
  const page = await openSeededThread(1_000);
  await expect(page.getByTestId('message').filter({ hasText: 'The newest message' })).toBeInViewport();

  // As the scrollbar's thumb dragged to the top does: from the newest rows straight to the
  // window's top, where no row is rendered yet. The animation frame callback runs after the
  // scroll event and before that frame paints: what it sees is what the frame shows.
  const jump = await list(page).evaluate(async (el) => {
    const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
    await frame();
    const oldest = el.dataset.oldestKey;
    const viewTop = () => el.getBoundingClientRect().top;
    const messageTop = (row: HTMLElement) => (row.lastElementChild ?? row).getBoundingClientRect().top - viewTop();
    el.scrollTop = 0;
    await frame();
    const rows = [...el.querySelectorAll<HTMLElement>('[data-row-key]')];
    const itemsTop = el.querySelector<HTMLElement>('.message-list__items')!.getBoundingClientRect().top;
    // Above the first rendered row, inside the viewport, and below where the rows begin: an empty band.
    const band = rows.length === 0 ? Infinity : rows[0]!.getBoundingClientRect().top - Math.max(viewTop(), itemsTop);
    const onTop = rows.find((r) => r.getBoundingClientRect().bottom > viewTop());
    if (!onTop) return { band, key: null, moved: Infinity, grew: false };
    const key = onTop.dataset.rowKey!;
    const at = messageTop(onTop);
    // Followed until ten frames after the older page came in.
    let moved = 0;
    let grewAt = -1;
    for (let f = 0; f < 600 && (grewAt < 0 || f < grewAt + 10); f++) {
      await frame();
      if (grewAt < 0 && el.dataset.oldestKey !== oldest) grewAt = f;
      const again = el.querySelector<HTMLElement>(`[data-row-key="${CSS.escape(key)}"]`);
      moved = Math.max(moved, again ? Math.abs(messageTop(again) - at) : Infinity);
    }
    return { band, key, moved, grew: grewAt >= 0 };
  });
  expect(jump.band, 'the jump\'s first frame has rows from the top of the viewport down').toBeLessThanOrEqual(0.5);
  expect(jump.grew, 'the older page came').toBe(true);
  expect(jump.moved, `row ${jump.key} moved as it was measured and the older page came`).toBeLessThanOrEqual(1);
  await page.screenshot({ path: test.info().outputPath('jumped-to-the-top.png') });
});

test('past the cache, older pages come from the server and the message being read does not move; jump to newest counts what arrived', async () => {
  test.setTimeout(180_000);
  await stage.start();
  // ~300 messages on the server before Alice's Parley ever runs: its cache starts empty.
  const scriptedAlice = await stage.scripted('alice');
  const bob = await stage.scripted('bob');
  const conversationId = String(
    ((await scriptedAlice.ask('create_group', { type: 1, occupants_uins: [bob.uin] })).group as { group_id: string }).group_id,
  );
  for (let i = 1; i <= 300; i++) {
    const text = i % 5 === 0 ? `Server ${i}\n(a longer one, over two lines)` : `Server ${i}`;
    await (i % 3 === 0 ? bob : scriptedAlice).send(conversationId, text);
  }
  await scriptedAlice.close();

  const { page } = await stage.parley('alice');
  await openRow(page, row(page, conversationId));
  await expect(page.getByTestId('message-text').filter({ hasText: /^Server 299$/ })).toBeVisible();
  await expect(page.getByTestId('conversation-header-title')).toHaveText(new RegExp(NAMES.bob!.split(' ')[0]!, 'i'));

  // Every frame: where the row that was on top in the frame before is now, and how big the window is.
  await page.evaluate(() => {
    const el = document.querySelector<HTMLElement>('[data-testid="message-list"]')!;
    const w = window as unknown as { __frames: Array<{ size: number; key: string; offset: number; prevOffset: number | null }> };
    w.__frames = [];
    let prev: { key: string; offset: number } | null = null;
    const onTop = () => {
      const top = el.getBoundingClientRect().top;
      for (const row of el.querySelectorAll<HTMLElement>('[data-testid="message"]')) {
        const rect = row.getBoundingClientRect();
        if (rect.bottom > top) return { key: row.dataset.messageKey!, offset: rect.top - top };
      }
      return null;
    };
    const tick = () => {
      const now = onTop();
      let prevOffset: number | null = null;
      if (prev) {
        const again = el.querySelector<HTMLElement>(`[data-message-key="${CSS.escape(prev.key)}"]`);
        prevOffset = again ? again.getBoundingClientRect().top - el.getBoundingClientRect().top : null;
      }
      if (now) w.__frames.push({ size: Number(el.dataset.windowSize), key: prev?.key ?? now.key, offset: prev?.offset ?? now.offset, prevOffset });
      prev = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });

  // Up to the beginning: 50 from the cache first (the server's newest page), then the server's pages.
  const sizes: number[] = [];
  while (!(await page.getByTestId('history-beginning').isVisible())) {
    const size = Number(await list(page).getAttribute('data-window-size'));
    sizes.push(size);
    const reading = await list(page).evaluate((el) => {
      el.scrollTop = 0;
      return el.scrollTop;
    });
    expect(reading).toBe(0);
    await expect
      .poll(async () => (await page.getByTestId('history-beginning').isVisible()) || Number(await list(page).getAttribute('data-window-size')) > size)
      .toBe(true);
  }
  // The last page kept the view where it was; up to the very top now.
  await list(page).evaluate((el) => (el.scrollTop = 0));
  await expect(page.getByTestId('message-text').first()).toHaveText('Server 1');
  expect(Number(await list(page).getAttribute('data-window-size'))).toBe(300);
  expect(sizes.length).toBeGreaterThanOrEqual(3); // 50 → 150 → 250 → 300: at least three pages came from the server

  // Each frame where the window grew (a page was prepended): the row on top did not move.
  const grew = await page.evaluate(() => {
    const frames = (window as unknown as { __frames: Array<{ size: number; key: string; offset: number; prevOffset: number | null }> }).__frames;
    return frames.filter((f, i) => i > 0 && f.size > frames[i - 1]!.size);
  });
  expect(grew.length).toBeGreaterThanOrEqual(3);
  for (const f of grew) {
    expect(f.prevOffset, `row ${f.key} is still in the DOM after the prepend`).not.toBeNull();
    expect(Math.abs(f.prevOffset! - f.offset), `row ${f.key} moved`).toBeLessThanOrEqual(1);
  }
  await page.screenshot({ path: test.info().outputPath('server-history-beginning.png') });

  // Scrolled up: "jump to newest", no count yet; Bob writes three messages: the count says 3.
  await expect(page.getByTestId('jump-to-newest')).toBeVisible();
  await expect(page.getByTestId('jump-to-newest-count')).toHaveCount(0);
  const reading = await topVisible(page);
  for (const text of ['Live 1', 'Live 2', 'Live 3']) await bob.send(conversationId, text);
  await expect(page.getByTestId('jump-to-newest-count')).toHaveText('3');
  // They arrived below: what the user reads stayed where it was.
  const after = await topVisible(page);
  expect(after?.key).toBe(reading?.key);
  expect(Math.abs(after!.offset - reading!.offset)).toBeLessThanOrEqual(1);
  await page.screenshot({ path: test.info().outputPath('jump-to-newest.png') });

  await page.getByTestId('jump-to-newest').click();
  await expect(page.getByTestId('message').filter({ hasText: 'Live 3' })).toBeInViewport();
  await expect(page.getByTestId('jump-to-newest')).toHaveCount(0);
  expect(await renderedRows(page)).toBeLessThanOrEqual(MAX_ROWS);
  // At the bottom, a new message scrolls into view by itself.
  await bob.send(conversationId, 'Live 4');
  await expect(page.getByTestId('message').filter({ hasText: 'Live 4' })).toBeInViewport();
});

test('a search result opens the conversation at that message, in view and highlighted (focusMessage)', async () => {
  await stage.start();
  const { page } = await stage.parley('alice');
  const scriptedAlice = await stage.scripted('alice');
  const bob = await stage.scripted('bob');
  const conversationId = String(
    ((await scriptedAlice.ask('create_group', { type: 1, occupants_uins: [bob.uin] })).group as { group_id: string }).group_id,
  );
  // Sent while Parley runs: every one reaches its cache live.
  for (let i = 1; i <= 250; i++) await scriptedAlice.send(conversationId, `Note ${i}`);
  await openRow(page, row(page, conversationId));
  await expect(page.getByTestId('message-text').filter({ hasText: /^Note 250$/ })).toBeInViewport();

  await page.keyboard.press('Control+k');
  await page.getByTestId('search-input').fill('Note 42');
  await page.getByTestId('search-result').filter({ hasText: 'Note 42' }).first().click();
  const target = page.locator('[data-highlighted="true"]');
  await expect(target).toHaveCount(1);
  await expect(target.getByTestId('message-text')).toHaveText('Note 42');
  await expect(target).toBeInViewport();
  expect(await renderedRows(page)).toBeLessThanOrEqual(MAX_ROWS);
  await page.screenshot({ path: test.info().outputPath('focused-message.png') });
  // The highlight fades and goes.
  await expect(target).toHaveCount(0);
  // Opened away from the newest: jump back down.
  await page.getByTestId('jump-to-newest').click();
  await expect(page.getByTestId('message-text').filter({ hasText: /^Note 250$/ })).toBeInViewport();
});
