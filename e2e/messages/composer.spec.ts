// The composer as a user writes: the box grows with its lines up to a limit and then
// scrolls; pasted, indented code is sent exactly (tabs and spaces kept, as the server
// stores it); the emoji picker inserts at the caret, by mouse and by keyboard; and a draft
// stays with its conversation across switching and a reload, until it is sent.
import { expect, test, type Page } from '@playwright/test';
import { openDirect, openRow } from '../support/parley';
import { netaloMessages } from '../support/server-clients';
import { PASSWORDS, Stage, openConversationId, row } from '../presence/people';

const stage = new Stage();
test.afterEach(() => stage.stop());

const box = (page: Page) => page.getByTestId('composer-input');
const height = async (page: Page) => (await box(page).boundingBox())!.height;

test('grows then scrolls; pasted code is sent exactly; emoji go in at the caret', async () => {
  await stage.start();
  const alice = await stage.parley('alice');
  const { page, context } = alice;
  await openDirect(page, 'netalo', 'bob');
  const groupId = await openConversationId(page);
  const input = box(page);

  // Grows line by line, then stops at its limit and scrolls.
  const oneLine = await height(page);
  await input.pressSequentially('Plan for Saturday:');
  for (const line of ['- bikes', '- snacks', '- map']) {
    await input.press('Shift+Enter');
    await input.pressSequentially(line);
  }
  await expect(input).toHaveValue('Plan for Saturday:\n- bikes\n- snacks\n- map');
  const fourLines = await height(page);
  expect(fourLines).toBeGreaterThan(oneLine * 2);
  await page.screenshot({ path: 'test-results/screens/composer-multiline.png' });
  for (let i = 0; i < 12; i++) await input.press('Shift+Enter');
  expect(await height(page)).toBeLessThanOrEqual(200);
  expect(await height(page)).toBeGreaterThan(fourLines);
  expect(await input.evaluate((el) => el.scrollHeight > el.clientHeight && getComputedStyle(el).overflowY === 'auto')).toBe(true);
  await input.fill('');
  await expect.poll(() => height(page)).toBe(oneLine);

  // Pasted code, from the clipboard: tabs, indentation and a blank line inside, sent exactly.
  const code = 'def greet(name):\n\tif name:\n\t\treturn f"hi {name}"  # two spaces\n\n    return None';
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
  await page.evaluate((text) => navigator.clipboard.writeText(text), code);
  await input.focus();
  await input.press('Control+V');
  await expect(input).toHaveValue(code);
  await input.press('Enter');
  const sent = page.getByTestId('message').filter({ hasText: 'def greet' });
  await expect(sent).toHaveAttribute('data-status', /^(sent|delivered|read)$/);
  expect(await sent.getByTestId('message-text').evaluate((el) => el.textContent)).toBe(code);
  const stored = await netaloMessages(stage.server.url, 'alice', PASSWORDS.alice!, groupId);
  expect(stored[0]!.message).toBe(code);

  // The emoji picker, by mouse: at the caret, not at the end.
  await input.fill('see you soon');
  await input.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(8, 8)); // before "soon"
  await page.getByTestId('emoji-button').click();
  const picker = page.getByTestId('emoji-picker');
  await expect(picker).toBeVisible();
  await expect(page.getByTestId('emoji-option').first()).toBeFocused();
  await page.screenshot({ path: 'test-results/screens/composer-emoji-picker.png' });
  await picker.locator('[data-category="people"]').click();
  await picker.locator('[data-emoji="👋"]').click();
  await expect(picker).toHaveCount(0);
  await expect(input).toHaveValue('see you 👋soon');
  await expect(input).toBeFocused();
  expect(await input.evaluate((el: HTMLTextAreaElement) => el.selectionStart)).toBe('see you 👋'.length);

  // By keyboard: open it from the button, arrows move, Enter picks, focus returns to the box.
  await input.press('End');
  await page.getByTestId('emoji-button').focus();
  await page.keyboard.press('Enter');
  await expect(picker).toBeVisible();
  // It opens on the category used last (People: 👍 👎 👌 …), at its first emoji.
  await expect(picker.locator('[data-category="people"]')).toHaveAttribute('aria-selected', 'true');
  await expect(picker.locator('[data-emoji="👍"]')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect(input).toHaveValue('see you 👋soon👌');
  await expect(input).toBeFocused();
  // Escape closes without inserting anything.
  await page.getByTestId('emoji-button').focus();
  await page.keyboard.press('Enter');
  await expect(picker).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(picker).toHaveCount(0);
  await expect(input).toHaveValue('see you 👋soon👌');
  await expect(input).toBeFocused();
  await input.press('Enter');
  await expect(page.getByTestId('message').filter({ hasText: 'see you 👋soon👌' })).toHaveCount(1);
});

test('a draft stays with its conversation across switching and a reload, and goes when sent', async () => {
  await stage.start();
  const { page } = await stage.parley('alice');
  await openDirect(page, 'netalo', 'bob');
  const withBob = await openConversationId(page);
  await box(page).fill('  half a thought\n\tfor Bob');

  await openDirect(page, 'netalo', 'carol');
  const withCarol = await openConversationId(page);
  await expect(box(page)).toHaveValue('');
  await box(page).fill('for Carol');

  await openRow(page, row(page, withBob));
  await expect(box(page)).toHaveValue('  half a thought\n\tfor Bob');
  await openRow(page, row(page, withCarol));
  await expect(box(page)).toHaveValue('for Carol');

  // A restart of the page: each draft is back in its own conversation.
  await page.reload();
  await openRow(page, row(page, withBob));
  await expect(box(page)).toHaveValue('  half a thought\n\tfor Bob');
  await openRow(page, row(page, withCarol));
  await expect(box(page)).toHaveValue('for Carol');

  // Sent: the draft is gone, after a reload too; the other one stays.
  await box(page).press('Enter');
  await expect(page.getByTestId('message').filter({ hasText: 'for Carol' })).toHaveAttribute('data-status', /^(sent|delivered|read)$/);
  await expect(box(page)).toHaveValue('');
  await page.reload();
  await openRow(page, row(page, withCarol));
  await expect(box(page)).toHaveValue('');
  await openRow(page, row(page, withBob));
  await expect(box(page)).toHaveValue('  half a thought\n\tfor Bob');
});
