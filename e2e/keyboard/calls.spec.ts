// Calls by keyboard alone: Alice calls Bob from the conversation header with Enter; Bob's
// ringing card never takes focus by itself, but is a tab stop where Enter answers; Ctrl+Shift+M
// mutes, Ctrl+Shift+H hangs up (Cmd on macOS, as Teams does), and Esc closes the ending screen.
// A second call is answered with Ctrl+Shift+A from wherever focus is, a third declined with
// Ctrl+Shift+D.
import { expect, test, type Page } from '@playwright/test';
import { callView, expectEnded, startCallWorld } from '../calls/world';
import { tabTo } from './world';

test.use({ actionTimeout: 15_000 });

/** Opens the conversation with `name` by Ctrl+K and calls from its header by keyboard. */
async function callByKeyboard(page: Page, conversationId: string, name: string): Promise<void> {
  await page.keyboard.press('ControlOrMeta+k');
  await page.keyboard.type(name);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('conversation-view')).toHaveAttribute('data-conversation-id', conversationId);
  await page.keyboard.press('ControlOrMeta+k');
  await page.keyboard.press('Escape'); // clears the search box
  await tabTo(page, '[data-testid="call-audio-button"]', { max: 40 });
  await page.keyboard.press('Enter');
  await expect(callView(page)).toBeVisible();
}

/** Esc on the ending screen (it takes focus) closes it. */
async function closeEnding(page: Page): Promise<void> {
  if (await callView(page).isVisible()) await page.keyboard.press('Escape');
  await expect(callView(page)).toHaveCount(0);
}

test('answer, mute, hang up and decline calls by keyboard', async () => {
  const world = await startCallWorld();
  try {
    const alice = await world.parley('alice');
    const bob = await world.parley('bob');
    const { aliceBob } = world.conversations;
    const incoming = bob.getByTestId('incoming-call');

    await test.step('the ringing card is a tab stop that never takes focus by itself; Enter on it answers', async () => {
      await callByKeyboard(alice, aliceBob, 'bob');
      await expect(incoming).toBeVisible();
      await expect(incoming).not.toBeFocused();
      await tabTo(bob, '[data-testid="incoming-call"]', { max: 40 });
      await bob.keyboard.press('Enter');
      await expect(incoming).toHaveCount(0);
      await expect(callView(bob)).toHaveAttribute('data-phase', 'in-call');
      await expect(callView(alice)).toHaveAttribute('data-phase', 'in-call');
    });

    await test.step('Ctrl+Shift+M mutes, Ctrl+Shift+H hangs up; Esc closes the ending', async () => {
      await bob.keyboard.press('ControlOrMeta+Shift+M');
      await expect(bob.getByTestId('call-mute-button')).toHaveAttribute('aria-pressed', 'true');
      await alice.keyboard.press('ControlOrMeta+Shift+H');
      await expectEnded(alice, 'hung-up');
      await expectEnded(bob, 'remote-hung-up');
      await closeEnding(alice);
      await closeEnding(bob);
    });

    await test.step('Ctrl+Shift+A answers from anywhere; Bob hangs up with Ctrl+Shift+H', async () => {
      await callByKeyboard(alice, aliceBob, 'bob');
      await expect(incoming).toBeVisible();
      await bob.keyboard.press('ControlOrMeta+Shift+A');
      await expect(callView(bob)).toHaveAttribute('data-phase', 'in-call');
      await bob.keyboard.press('ControlOrMeta+Shift+H');
      await expectEnded(bob, 'hung-up');
      await expectEnded(alice, 'remote-hung-up');
      await closeEnding(alice);
      await closeEnding(bob);
    });

    await test.step('Ctrl+Shift+D declines', async () => {
      await callByKeyboard(alice, aliceBob, 'bob');
      await expect(incoming).toBeVisible();
      await bob.keyboard.press('ControlOrMeta+Shift+D');
      await expect(incoming).toHaveCount(0);
      await expect(callView(alice)).toHaveAttribute('data-phase', 'ended');
    });
  } finally {
    await world.close();
  }
});
