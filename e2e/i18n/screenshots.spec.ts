// A screenshot of every screen in Arabic and in Chinese, for a person to look at (clipped or
// overlapping text, tofu boxes, something on the wrong side) and attached to the report:
// sign-in (the language followed from the system, before any account exists) with its field
// messages, the inbox, a conversation with Arabic, Chinese, English and emoji in it, the
// new-conversation dialog, settings, a group's member panel, an incoming call and the call
// screen. Each screen is awaited by its own content, and checked to be in the language.
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import ar from '../../renderer/src/i18n/catalogues/ar';
import zh from '../../renderer/src/i18n/catalogues/zh';
import { PASSWORDS, acceptIncoming, callView, open, placeCall, row, startCallWorld, type CallWorld } from '../calls/world';
import { openParley } from '../support/browser';
import { freePort, startWebHost, tempDir, type Running } from '../support/processes';
import { scriptedNetaloUser } from '../support/scripted-netalo-user';
import { HTML, chooseLanguage, systemLanguages } from './language';

test.setTimeout(240_000);
test.use({ actionTimeout: 15_000 });

const TOURS = {
  ar: { system: ['ar-SA', 'ar'], catalogue: ar },
  zh: { system: ['zh-CN', 'zh'], catalogue: zh },
} as const;

let world: CallWorld | undefined;
let newcomer: Running | undefined;
test.afterEach(async () => {
  await world?.close();
  await newcomer?.stop();
});

for (const [language, tour] of Object.entries(TOURS) as Array<[keyof typeof TOURS, (typeof TOURS)[keyof typeof TOURS]]>) {
  test(`screenshots: every screen in ${language}`, async () => {
    const testInfo = test.info();
    let shot = 0;
    const snap = async (page: Page, name: string) => screenshot(testInfo, page, `${language}-${String(++shot).padStart(2, '0')}-${name}`);
    const said = (key: keyof typeof tour.catalogue) => tour.catalogue[key]!;

    world = await startCallWorld();
    const bobScript = await scriptedNetaloUser(world.serverUrl, 'bob', PASSWORDS.bob!);
    for (const text of ['مرحبا أليس 👋 كيف حالك اليوم؟', '你好，爱丽丝！周末一起喝咖啡吗？☕🎉', 'An English line with a flag 🇵🇱 and a long word: Donaudampfschifffahrtsgesellschaft']) {
      expect((await bobScript.say(world.conversations.aliceBob, text)).result).toBe(0);
    }
    bobScript.close();

    await test.step('sign-in, in the system’s language', async () => {
      newcomer = await startWebHost({ dataDir: tempDir('newcomer-host'), port: await freePort(), serverUrl: world!.serverUrl });
      const context = await openParley(tempDir('newcomer-profile'), new URL(newcomer.url).origin);
      try {
        const page = await context.newPage();
        await systemLanguages(page, [...tour.system]);
        await page.goto(newcomer.url);
        await expect(page.getByTestId('signin-form')).toBeVisible();
        await expect(page.locator('html')).toHaveAttribute('lang', HTML[language].lang);
        await expect(page.getByTestId('signin-submit')).toHaveText(said('signin.submit.signIn'));
        await snap(page, 'sign-in');
        await page.getByTestId('signin-submit').click();
        await expect(page.getByTestId('signin-username-error')).toBeVisible();
        await snap(page, 'sign-in-field-messages');
      } finally {
        await context.close();
      }
    });

    const alice = await world.parley('alice');
    await test.step('settings, where the language is chosen', async () => {
      await chooseLanguage(alice, language, { closeSettings: false });
      await expect(alice.getByTestId('settings-dialog').locator('.dialog__title')).toHaveText(said('settings.title'));
      await snap(alice, 'settings');
      await alice.getByTestId('settings-close').click();
    });

    await test.step('the inbox', async () => {
      await expect(row(alice, world!.conversations.aliceBob)).toBeVisible();
      await expect(row(alice, world!.conversations.trio)).toBeVisible();
      await expect(alice.getByTestId('settings-button')).toHaveAccessibleName(said('settings.open'));
      await snap(alice, 'inbox');
    });

    await test.step('a conversation in four scripts', async () => {
      await open(alice, world!.conversations.aliceBob);
      await expect(alice.getByTestId('message-text').filter({ hasText: 'Donaudampf' })).toBeVisible();
      // The emoji font is settled: the shipped one, or the system's where the shipped one draws blank.
      await expect(alice.locator('html')).toHaveAttribute('data-emoji-font', /^(shipped|system)$/);
      await alice.getByTestId('composer-input').fill('🙂 ok');
      await snap(alice, 'conversation');
      await alice.getByTestId('composer-input').fill('');
    });

    await test.step('the new-conversation dialog', async () => {
      await alice.getByTestId('new-conversation').click();
      await alice.getByTestId('user-search-input').fill('car');
      await expect(alice.getByTestId('user-search-result')).not.toHaveCount(0);
      await snap(alice, 'new-conversation');
      await alice.keyboard.press('Escape');
      await expect(alice.locator('dialog[open]')).toHaveCount(0);
    });

    await test.step('a group and its member panel', async () => {
      await open(alice, world!.conversations.trio);
      await alice.getByTestId('members-toggle').click();
      await expect(alice.getByTestId('member-panel')).toBeVisible();
      await snap(alice, 'group-members');
    });

    await test.step('an incoming call and the call screen', async () => {
      const bob = await world!.parley('bob');
      await chooseLanguage(bob, language);
      await placeCall(alice, world!.conversations.aliceBob, 'audio');
      await expect(bob.getByTestId('incoming-call')).toBeVisible();
      await snap(bob, 'incoming-call');
      await acceptIncoming(bob, 'audio');
      await expect(callView(alice)).toHaveAttribute('data-phase', 'in-call');
      await snap(alice, 'call-screen');
      await alice.getByTestId('call-hangup-button').click();
      await expect(callView(alice)).toHaveAttribute('data-phase', 'ended');
      await snap(alice, 'call-ended');
    });
  });
}

/** Saves the page under this test's output folder and attaches it to the report. */
async function screenshot(testInfo: TestInfo, page: Page, name: string): Promise<void> {
  // Web fonts (the emoji subsets) finish loading before the picture is taken.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
