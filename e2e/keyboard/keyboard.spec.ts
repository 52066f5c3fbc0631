// Parley by keyboard alone (no mouse anywhere in this spec): sign in, add and switch accounts, jump to a conversation
// with Ctrl+K, open the 2nd with Ctrl+2, step with Alt+Down / Alt+Up, Enter on the open row to
// write, send, Up in the empty composer to edit the last message, move through the messages
// (roving focus, Home / End), a message's context menu by Shift+F10 and the Menu key, Esc back
// to the composer, Esc closing every dialog in one press, and the shortcuts sheet (Ctrl+/).
// Screenshots of the sheet and of a focused message with its menu, light and dark.
import { expect, test, type Page } from '@playwright/test';
import { ACKED } from '../support/parley';
import { focused, signInByKeyboard, startKeyboardWorld, tabTo } from './world';

test.use({ actionTimeout: 15_000 });

const rows = (page: Page) => page.getByTestId('conversation-item');
const openId = (page: Page) => page.getByTestId('conversation-view').getAttribute('data-conversation-id');
const composer = (page: Page) => page.getByTestId('composer-input');
const focusedRow = (page: Page) => page.locator('.message-row:focus');

test('every chat flow works from the keyboard, with focus always somewhere visible', async () => {
  // One user's whole session, step after step (a 120-message thread, two accounts): longer than the default.
  test.setTimeout(240_000);
  const world = await startKeyboardWorld();
  const { page } = world;
  try {
    await test.step('sign in by keyboard', async () => {
      await signInByKeyboard(page, 'alice', 'alice-parley');
      await expect(rows(page)).toHaveCount(2);
    });

    await test.step('Ctrl+K jumps: type a name, Enter opens that conversation and focus goes to its composer', async () => {
      await page.keyboard.press('ControlOrMeta+k');
      await expect(page.getByTestId('search-input')).toBeFocused();
      await page.keyboard.type('carol');
      await expect(page.locator('.search-item').first()).toBeVisible();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('conversation-view')).toHaveAttribute('data-conversation-id', world.withCarol);
    });

    await test.step('Ctrl+2 opens the second conversation of the list, Alt+Down / Alt+Up step through it', async () => {
      // Back in the search box, Esc clears it: the list comes back.
      await page.keyboard.press('ControlOrMeta+k');
      await page.keyboard.press('Escape');
      await expect(rows(page).first()).toBeVisible();
      const ids = await rows(page).evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.conversationId!));
      await page.keyboard.press('ControlOrMeta+2');
      await expect.poll(() => openId(page)).toBe(ids[1]);
      await expect(composer(page)).toBeFocused();
      await page.keyboard.press('Alt+ArrowUp');
      await expect.poll(() => openId(page)).toBe(ids[0]);
      await page.keyboard.press('Alt+ArrowDown');
      await expect.poll(() => openId(page)).toBe(ids[1]);
      await page.keyboard.press('ControlOrMeta+1');
      await expect.poll(() => openId(page)).toBe(ids[0]);
    });

    await test.step('typing straight on after Ctrl+2 goes to the conversation it opens, not the one left', async () => {
      const ids = await rows(page).evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.conversationId!));
      await expect.poll(() => openId(page)).toBe(ids[0]);
      await expect(composer(page)).toBeFocused();
      await page.keyboard.type('stays here');
      // At once, as a fast typist does: the view switches only once the next conversation's
      // newest page has been read from the cache (typing-across-switch.ts).
      await page.keyboard.press('ControlOrMeta+2');
      await page.keyboard.type('hey');
      await expect.poll(() => openId(page)).toBe(ids[1]);
      await expect(composer(page)).toHaveValue('hey');
      await expect(composer(page)).toBeFocused();
      await shoot(page, 'keyboard-typed-across-switch');
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('ControlOrMeta+1');
      await expect.poll(() => openId(page)).toBe(ids[0]);
      await expect(composer(page)).toHaveValue('stays here');
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.press('Backspace');
      await expect(composer(page)).toHaveValue('');
    });

    await test.step('Enter on the open conversation’s row moves focus to the composer', async () => {
      await tabTo(page, '[data-testid="conversation-item"][aria-current="page"]', { back: true, max: 30 });
      await page.keyboard.press('Enter');
      await expect(composer(page)).toBeFocused();
      await shoot(page, 'keyboard-composer-focused');
    });

    await test.step('Tab from the composer lands on something visible', async () => {
      await page.keyboard.press('Tab');
      const where = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const r = el.getBoundingClientRect();
        return { body: el === document.body, visible: el.checkVisibility({ checkVisibilityCSS: true, checkOpacity: true }) && r.width > 0 && r.height > 0 };
      });
      expect(where, await focused(page)).toEqual({ body: false, visible: true });
      await page.keyboard.press('Shift+Tab');
      await expect(composer(page)).toBeFocused();
    });

    await test.step('send with Enter; Up in the empty composer edits it; saving returns to the composer', async () => {
      await page.keyboard.type('typed without a mouse');
      await page.keyboard.press('Enter');
      const mine = page.locator('[data-testid="message"][data-own="true"]').last();
      await expect(mine.getByTestId('message-text')).toHaveText('typed without a mouse');
      await expect(mine).toHaveAttribute('data-status', ACKED);
      await expect(composer(page)).toHaveValue('');
      await page.keyboard.press('ArrowUp');
      await expect(mine).toHaveAttribute('data-editing', 'true');
      await expect(mine.locator('textarea')).toBeFocused();
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type('edited by keyboard');
      await page.keyboard.press('Enter');
      await expect(mine.getByTestId('message-text')).toHaveText('edited by keyboard');
      await expect(mine.getByTestId('message-edited')).toBeVisible();
      await expect(composer(page)).toBeFocused();
    });

    await test.step('messages by keyboard: one tab stop, Up / Down / Home / End between them, Esc back to the composer', async () => {
      await tabTo(page, '.message-row', { back: true });
      const keys = await page.locator('.message-row').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.rowKey!));
      // Only one row is in the tab order (the message last focused: Shift+Tab passed it on the way to the list).
      await expect(focusedRow(page)).toHaveCount(1);
      await expect(page.locator('.message-row[tabindex="0"]')).toHaveCount(1);
      await page.keyboard.press('End');
      await expect(focusedRow(page)).toHaveAttribute('data-row-key', keys[keys.length - 1]!);
      await page.keyboard.press('ArrowUp');
      await expect(focusedRow(page)).toHaveAttribute('data-row-key', keys[keys.length - 2]!);
      await page.keyboard.press('Home');
      await expect(focusedRow(page)).toHaveAttribute('data-row-key', keys[0]!);
      await page.keyboard.press('ArrowDown');
      await expect(focusedRow(page)).toHaveAttribute('data-row-key', keys[1]!);
      await page.keyboard.press('End');
      await expect(focusedRow(page)).toHaveAttribute('data-row-key', keys[keys.length - 1]!);
      // Leaving and coming back lands on the message last focused.
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('Escape');
      await expect(composer(page)).toBeFocused();
      await tabTo(page, '.message-row', { back: true });
      await expect(focusedRow(page)).toHaveAttribute('data-row-key', keys[keys.length - 2]!);
      await page.keyboard.press('End');
    });

    await test.step('a message’s context menu by Shift+F10 and by the Menu key; Esc closes it, then returns to the composer', async () => {
      await page.keyboard.press('Shift+F10');
      const menu = page.getByTestId('message-menu');
      await expect(menu).toBeVisible();
      await expect(page.getByTestId('message-menu-edit')).toBeFocused();
      await page.keyboard.press('ArrowDown');
      await expect(page.getByTestId('message-menu-delete')).toBeFocused();
      await shoot(page, 'keyboard-message-menu');
      await page.keyboard.press('Escape');
      await expect(menu).toHaveCount(0);
      await expect(focusedRow(page)).toHaveCount(1);
      await page.keyboard.press('ContextMenu');
      await expect(menu).toBeVisible();
      // Delete asks first: Esc closes that dialog in one press, focus back on the message.
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('confirm-dialog')).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('confirm-dialog')).toHaveCount(0);
      await expect(focusedRow(page)).toHaveCount(1);
      await page.keyboard.press('Escape');
      await expect(composer(page)).toBeFocused();
    });

    await test.step('the shortcuts sheet: Ctrl+/ opens it, listing the keys as this system writes them; Esc closes it', async () => {
      await page.keyboard.press('ControlOrMeta+/');
      const sheet = page.getByTestId('shortcuts-sheet');
      await expect(sheet).toBeVisible();
      const mod = process.platform === 'darwin' ? '⌘' : 'Ctrl+';
      await expect(sheet.locator('[data-shortcut-id="search"] kbd')).toHaveText(`${mod}K`);
      await expect(sheet.locator('[data-shortcut-id="hangUp"] kbd')).toHaveText(process.platform === 'darwin' ? '⇧⌘H' : 'Ctrl+Shift+H');
      await expect(sheet.getByTestId('shortcut')).toHaveCount(22);
      await shoot(page, 'keyboard-shortcuts-sheet');
      await page.keyboard.press('Escape');
      await expect(sheet).toHaveCount(0);
      await expect(composer(page)).toBeFocused();
    });

    await test.step('Esc closes each dialog and popup in one press', async () => {
      // New conversation: opened from its button, focus in its search box, Esc even with text typed.
      await tabTo(page, '[data-testid="new-conversation"]', { back: true, max: 40 });
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('user-search-input')).toBeFocused();
      await page.keyboard.type('bo');
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('user-search-input')).toHaveCount(0);

      await tabTo(page, '[data-testid="settings-button"]', { max: 40 });
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('settings-dialog')).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('settings-dialog')).toHaveCount(0);

      await tabTo(page, '[data-testid="emoji-button"]', { max: 60 });
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('emoji-picker')).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('emoji-picker')).toHaveCount(0);

      await tabTo(page, '[data-testid="conversation-menu-button"]', { back: true, max: 60 });
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('conversation-menu')).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('conversation-menu')).toHaveCount(0);
    });

    await test.step('in a long thread, focus survives rows being recycled: Home to the first loaded message, End back to the newest', async () => {
      await page.keyboard.press('ControlOrMeta+k');
      await page.keyboard.type('bob');
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('conversation-view')).toHaveAttribute('data-conversation-id', world.withBob);
      const list = page.getByTestId('message-list');
      await expect(list.getByText('line 120 from Bob')).toBeVisible();
      await tabTo(page, '.message-row', { back: true, max: 30 });
      const newest = (await focusedRow(page).getAttribute('data-row-key'))!;
      await expect(focusedRow(page)).toContainText('line 120 from Bob');
      const oldest = (await list.getAttribute('data-oldest-key'))!;
      await page.keyboard.press('Home');
      await expect(focusedRow(page)).toHaveAttribute('data-row-key', oldest);
      // The newest message's row was recycled meanwhile: the list keeps its DOM bounded.
      await expect(page.locator(`.message-row[data-row-key="${newest}"]`)).toHaveCount(0);
      await page.keyboard.press('ArrowDown');
      await expect(focusedRow(page)).not.toHaveAttribute('data-row-key', oldest);
      await page.keyboard.press('End');
      await expect(focusedRow(page)).toHaveAttribute('data-row-key', newest);
      await expect(focusedRow(page)).toBeInViewport();
      await shoot(page, 'keyboard-message-focused');
    });

    await test.step('add a second account and switch to it by keyboard (the account chips above the list)', async () => {
      await tabTo(page, '[data-testid="add-account"]', { back: true, max: 60 });
      await page.keyboard.press('Enter');
      await signInByKeyboard(page, 'bob', 'bob-parley');
      const bobItem = page.getByTestId('account-item').filter({ hasText: '@bob' });
      await expect(bobItem).toHaveCount(1);
      const bobId = (await bobItem.getAttribute('data-account-id'))!;
      await tabTo(page, `.filter-chip[data-account-id="${bobId}"]`, { max: 60 });
      await page.keyboard.press('Enter');
      await expect(page.locator(`.filter-chip[data-account-id="${bobId}"]`)).toHaveAttribute('aria-pressed', 'true');
      await expect(rows(page).first()).toHaveAttribute('data-account-id', bobId);
      await expect(rows(page).and(page.locator(`:not([data-account-id="${bobId}"])`))).toHaveCount(0);
      // Ctrl+1 opens the first conversation of what the list shows now: Bob's.
      await page.keyboard.press('ControlOrMeta+1');
      await expect(page.getByTestId('conversation-view')).toHaveAttribute('data-account-id', bobId);
    });
  } finally {
    await world.close();
  }
});

/** A screenshot in the light theme and in the dark one (the app follows the system's). */
async function shoot(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `test-results/screens/${name}-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
