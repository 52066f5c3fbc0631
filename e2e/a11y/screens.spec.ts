// axe-core on every screen Parley has, in the light theme, the dark theme and in Arabic
// (right to left): 0 serious or critical violations on each. The screens: sign-in (and its
// error states: field messages, a refused password), an empty inbox (a new account), the
// inbox with conversations, an open conversation with my messages and others', the
// new-conversation dialog, settings, a group's member panel, the incoming-call card and the
// call screen. The theme is chosen the way a user does, in settings (before an account
// exists: the system's dark mode, which "System" follows); Arabic through the language
// setting where settings offer it, else the browser's language.
import { expect, test, type Page } from '@playwright/test';
import { acceptIncoming, callView, open, placeCall, startCallWorld } from '../calls/world';
import { openParley } from '../support/browser';
import { freePort, startWebHost, tempDir } from '../support/processes';
import { AxeLedger } from './axe';

type Variant = 'light' | 'dark' | 'arabic';

test.use({ actionTimeout: 15_000 });
// Three Parleys and a server on a shared machine: slow, but each step waits on an event.
test.setTimeout(480_000);

/** The browser's languages say Arabic (the "system" language), from the next load on. */
async function browserSaysArabic(page: Page): Promise<void> {
  await page.context().addInitScript(() => {
    Object.defineProperty(navigator, 'languages', { get: () => ['ar'] });
    Object.defineProperty(navigator, 'language', { get: () => 'ar' });
  });
}

/** The variant's look, chosen in settings: the theme, or the language. */
async function chooseInSettings(page: Page, variant: Variant): Promise<void> {
  await page.getByTestId('settings-button').click();
  const dialog = page.getByTestId('settings-dialog');
  await expect(dialog).toBeVisible();
  if (variant === 'arabic') {
    const language = page.getByTestId('setting-language');
    if (await language.count()) await language.selectOption('ar');
    else {
      await browserSaysArabic(page);
      await page.reload();
    }
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  } else {
    await page.getByTestId(`setting-theme-${variant}`).check();
    await expect(page.locator('html')).toHaveAttribute('data-theme', variant);
  }
  await expect(dialog.or(page.getByTestId('chat-screen')).first()).toBeVisible();
  if (await dialog.isVisible()) {
    await expect(dialog).toHaveAttribute('aria-busy', 'false');
    await page.getByTestId('settings-close').click();
  }
  await expect(dialog).toHaveCount(0);
}

for (const variant of ['light', 'dark', 'arabic'] as const) {
  test(`axe: every screen, ${variant}`, async () => {
    const ledger = new AxeLedger(variant);
    const world = await startCallWorld();
    const newcomer = await startWebHost({ dataDir: tempDir('newcomer-host'), port: await freePort(), serverUrl: world.serverUrl });
    const context = await openParley(tempDir('newcomer-profile'), new URL(newcomer.url).origin);
    try {
      const page = await context.newPage();
      // Before any account: the theme follows the system, the language the browser.
      await page.emulateMedia({ colorScheme: variant === 'dark' ? 'dark' : 'light' });
      if (variant === 'arabic') await browserSaysArabic(page);
      await page.goto(newcomer.url);

      await test.step('sign-in, and its error states', async () => {
        await expect(page.getByTestId('signin-form')).toBeVisible();
        if (variant === 'dark') await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
        await ledger.check(page, 'sign-in');
        await page.getByTestId('signin-username').fill('a');
        await page.getByTestId('signin-password').fill('');
        await page.getByTestId('signin-submit').click();
        await expect(page.getByTestId('signin-username-error')).toBeVisible();
        await ledger.check(page, 'sign-in, field messages');
        await page.getByTestId('signin-username').fill('alice');
        await page.getByTestId('signin-password').fill('not-her-password');
        await page.getByTestId('signin-submit').click();
        await expect(page.getByTestId('signin-error')).toBeVisible();
        await ledger.check(page, 'sign-in, refused');
      });

      await test.step('a new account: the empty inbox, then settings', async () => {
        await page.getByTestId('signin-toggle-mode').click();
        await page.getByTestId('signin-username').fill(`new-${variant}`);
        await page.getByTestId('signin-password').fill('a-long-password');
        await page.getByTestId('signin-submit').click();
        await expect(page.getByTestId('chat-screen')).toBeVisible();
        await expect(page.locator('html')).toHaveAttribute('data-parley-ready', 'live');
        await ledger.check(page, 'empty inbox');
        await page.getByTestId('settings-button').click();
        await expect(page.getByTestId('settings-dialog')).toBeVisible();
        await ledger.check(page, 'settings');
        await page.getByTestId('settings-close').click();
      });

      const alice = await world.parley('alice');
      const bob = await world.parley('bob');
      for (const p of [alice, bob]) await chooseInSettings(p, variant);

      await test.step('the inbox, a conversation, the new-conversation dialog', async () => {
        await expect(alice.getByTestId('conversation-item')).toHaveCount(2);
        await ledger.check(alice, 'inbox');
        await open(alice, world.conversations.aliceBob);
        await expect(alice.getByTestId('message')).not.toHaveCount(0);
        await ledger.check(alice, 'conversation (own and others’ messages)');
        await alice.getByTestId('new-conversation').click();
        await alice.getByTestId('user-search-input').fill('car');
        await expect(alice.getByTestId('user-search-result')).not.toHaveCount(0);
        await ledger.check(alice, 'new-conversation dialog');
        await alice.keyboard.press('Escape');
        await expect(alice.locator('dialog[open]')).toHaveCount(0);
      });

      await test.step('a group and its member panel', async () => {
        await open(alice, world.conversations.trio);
        await alice.getByTestId('members-toggle').click();
        await expect(alice.getByTestId('member-panel')).toBeVisible();
        await ledger.check(alice, 'group member panel');
      });

      await test.step('an incoming call and the call screen', async () => {
        await placeCall(alice, world.conversations.aliceBob, 'audio');
        await expect(bob.getByTestId('incoming-call')).toBeVisible();
        await ledger.check(bob, 'incoming call');
        await acceptIncoming(bob, 'audio');
        await expect(callView(alice)).toHaveAttribute('data-phase', 'in-call');
        await ledger.check(alice, 'call screen');
        await alice.getByTestId('call-hangup-button').click();
      });

      ledger.expectClean();
    } finally {
      await context.close().catch(() => {});
      await newcomer.stop();
      await world.close();
    }
  });
}
