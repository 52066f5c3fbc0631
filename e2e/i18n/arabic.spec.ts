// Arabic, right to left, chosen the way a user chooses it: in settings. The whole window
// turns at once (no reload, the settings dialog stays open), the sidebar moves to the right,
// each message keeps its own direction (an English message in the Arabic window reads left to
// right, an Arabic one in an English window right to left), counts take Arabic's plural forms,
// and the choice survives a reload.
import { expect, test, type Locator } from '@playwright/test';
import ar from '../../renderer/src/i18n/catalogues/ar';
import { PASSWORDS, open, startCallWorld, type CallWorld } from '../calls/world';
import { scriptedNetaloUser } from '../support/scripted-netalo-user';
import { chooseLanguage } from './language';

test.setTimeout(240_000);

const ARABIC_TEXT = 'مرحبا يا بوب، كيف حالك؟';

/** The direction the browser resolved for an element (dir="auto" resolves from its text). */
const direction = (element: Locator) => element.evaluate((el) => getComputedStyle(el).direction);

let world: CallWorld;
test.afterEach(async () => world?.close());

test('Arabic: the window right to left, each message in its own direction, Arabic plurals', async () => {
  world = await startCallWorld();
  const carol = await scriptedNetaloUser(world.serverUrl, 'carol', PASSWORDS.carol!);
  expect((await carol.say(world.conversations.bobCarol, ARABIC_TEXT)).result).toBe(0);
  carol.close();

  const alice = await world.parley('alice');
  await expect(alice.locator('html')).toHaveAttribute('dir', 'ltr');

  await test.step('choosing Arabic in settings turns the whole window at once', async () => {
    const dialog = alice.getByTestId('settings-dialog');
    await chooseLanguage(alice, 'ar', { closeSettings: false });
    await expect(alice.locator('html')).toHaveAttribute('lang', 'ar');
    // In place: the dialog is still open, and already in Arabic.
    await expect(dialog.locator('.dialog__title')).toHaveText(ar['settings.title']!);
    await alice.getByTestId('settings-close').click();
    await expect(dialog).toHaveCount(0);
  });

  await test.step('the sidebar is on the right, the conversation on its left', async () => {
    const sidebar = await box(alice.locator('.sidebar'));
    const main = await box(alice.locator('.chat__main'));
    const width = alice.viewportSize()!.width;
    expect(sidebar.x).toBeGreaterThan(main.x);
    expect(Math.abs(sidebar.x + sidebar.width - width)).toBeLessThanOrEqual(1);
    expect(main.x).toBeLessThanOrEqual(1);
  });

  await test.step('an English message in the Arabic window reads left to right', async () => {
    await open(alice, world.conversations.aliceBob);
    const english = alice.getByTestId('message-text').filter({ hasText: 'hi Alice' });
    await expect(english).toBeVisible();
    expect(await direction(english)).toBe('ltr');
    // My own message sits at the end of the line: on the left, right to left.
    const own = await box(alice.getByTestId('message').filter({ hasText: 'hi Bob' }).locator('.message__bubble'));
    const theirs = await box(alice.getByTestId('message').filter({ hasText: 'hi Alice' }).locator('.message__bubble'));
    expect(own.x).toBeLessThan(theirs.x);
  });

  await test.step('counts take Arabic plural forms', async () => {
    await open(alice, world.conversations.trio);
    // Three members: the "few" form (أعضاء), not English and not the 11–99 or 100+ forms.
    await expect(alice.getByTestId('conversation-header-subtitle')).toHaveText(/^مجموعة · [3٣] أعضاء$/);
  });

  await test.step('an Arabic message in an English window reads right to left', async () => {
    const bob = await world.parley('bob');
    await expect(bob.locator('html')).toHaveAttribute('dir', 'ltr');
    await open(bob, world.conversations.bobCarol);
    const arabic = bob.getByTestId('message-text').filter({ hasText: ARABIC_TEXT });
    await expect(arabic).toBeVisible();
    expect(await direction(arabic)).toBe('rtl');
    expect(await direction(bob.getByTestId('message-text').filter({ hasText: 'hi Carol' }))).toBe('ltr');
  });

  await test.step('the choice survives a reload', async () => {
    await alice.reload();
    await expect(alice.getByTestId('chat-screen')).toBeVisible();
    await expect(alice.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(alice.getByTestId('settings-button')).toHaveAccessibleName(ar['settings.open']!);
  });
});

async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  await expect(locator).toBeVisible();
  const b = await locator.boundingBox();
  if (!b) throw new Error('no bounding box');
  return b;
}
