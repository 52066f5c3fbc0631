// A message arriving in the open conversation, the list pinned to its bottom, is laid out
// once before its frame: the list renders it, measures it and scrolls down to it in one
// pass (MessageList.tsx), with no second render for the measurement or the scroll (which
// only matters once the user scrolls up), and no read mark in between (read-marker.ts).
// Counted as the list's scroll writes once "ping" is in the DOM: every layout pass of the
// pinned list ends in one (writes for earlier events, still settling, do not count). After
// the work that showed "ping" (its task, microtasks included), a write counts only if the
// list's DOM changed since the one before: a later render that changed nothing in the list
// (the conversation's preview or unread count, landing before the frame) writes the same
// bottom again with no layout to go with it. A second render for the measurement or the
// scroll, in the same work or with changes of its own, still counts.
import { expect, test } from '@playwright/test';
import { openDirect, send } from '../support/parley';
import { Stage, openConversationId } from '../presence/people';

const stage = new Stage();
test.afterEach(() => stage.stop());

test('a message arriving at the bottom of the open conversation is laid out once before its frame, and shown at the bottom', async () => {
  await stage.start();
  const alice = await stage.parley('alice');
  await openDirect(alice.page, 'netalo', 'bob');
  await send(alice.page, 'Hello Bob');
  const groupId = await openConversationId(alice.page);
  const bob = await stage.scripted('bob');
  await bob.send(groupId, 'Hi!');
  const page = alice.page;
  await expect(page.getByTestId('message').filter({ hasText: 'Hi!' })).toHaveCount(1);

  // Counts the list's scroll writes while "ping" is in it, up to the frame after it appears.
  await page.evaluate(() => {
    const list = document.querySelector<HTMLElement>('[data-testid="message-list"]')!;
    const scrollTop = Object.getOwnPropertyDescriptor(Element.prototype, 'scrollTop')!;
    const w = window as unknown as { scrollWrites: number; atFrame: Promise<number> };
    const shown = () => [...list.querySelectorAll('[data-testid="message-text"]')].some((el) => el.textContent === 'ping');
    w.scrollWrites = 0;
    // The list's DOM changes since the last write (an observer of its own: taking its records
    // leaves the one below, which waits for "ping", its own).
    const changes = new MutationObserver(() => undefined);
    changes.observe(list, { subtree: true, childList: true, characterData: true, attributes: true });
    let showing: 'not yet' | 'now' | 'done' = 'not yet';
    Object.defineProperty(list, 'scrollTop', {
      configurable: true,
      get() {
        return scrollTop.get!.call(this);
      },
      set(value: number) {
        const changed = changes.takeRecords().length > 0;
        if (shown()) {
          if (showing === 'not yet') {
            showing = 'now';
            queueMicrotask(() => (showing = 'done'));
          }
          if (showing === 'now' || changed) w.scrollWrites += 1;
        }
        scrollTop.set!.call(this, value);
      },
    });
    w.atFrame = new Promise<number>((resolve) => {
      const observer = new MutationObserver(() => {
        if (!shown()) return;
        observer.disconnect();
        requestAnimationFrame(() => resolve(w.scrollWrites));
      });
      observer.observe(list, { subtree: true, childList: true, characterData: true });
    });
  });
  await bob.send(groupId, 'ping');
  expect(await page.evaluate(() => (window as unknown as { atFrame: Promise<number> }).atFrame)).toBe(1);

  // Shown at the bottom of the list, whole.
  const list = page.getByTestId('message-list');
  const ping = page.getByTestId('message').filter({ hasText: 'ping' });
  const [listBox, pingBox] = [await list.boundingBox(), await ping.boundingBox()];
  expect(pingBox!.y + pingBox!.height).toBeLessThanOrEqual(listBox!.y + listBox!.height + 0.5);
  expect(pingBox!.y).toBeGreaterThanOrEqual(listBox!.y);
  expect(await list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight)).toBeLessThan(1);
});
