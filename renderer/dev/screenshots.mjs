// Looks at the renderer: builds it, serves dist/renderer, injects the SCREENSHOT FAKE
// (screenshot-fake-parley.ts) as `window.parley`, and saves PNGs of each screen.
// Usage (from the repo root): node renderer/dev/screenshots.mjs [outDir=/tmp/parley-shots]
// Needs Chromium at /usr/bin/chromium (or CHROMIUM=/path).

import { chromium } from '@playwright/test';
import { build as esbuild } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = process.argv[2] ?? '/tmp/parley-shots';
mkdirSync(outDir, { recursive: true });

await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
const server = await preview({ configFile: join(root, 'vite.config.ts'), preview: { port: 4173, strictPort: true } });
const url = 'http://127.0.0.1:4173/';

const fake = await esbuild({
  entryPoints: [join(root, 'renderer/dev/screenshot-fake-parley.ts')],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  write: false,
});
const fakeScript = fake.outputFiles[0].text;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

async function newPage(colorScheme = 'light') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', colorScheme });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && console.log('[page]', m.text()));
  page.on('pageerror', (e) => console.log('[pageerror]', e.message));
  await page.addInitScript(fakeScript);
  return page;
}

async function scenario(page, value) {
  await page.evaluate((v) => sessionStorage.setItem('parley-shot', JSON.stringify(v)), value);
  await page.reload();
}

const shot = async (page, name) => {
  const path = join(outDir, `${name}.png`);
  await page.screenshot({ path });
  console.log('saved', path);
};
const ready = (page, state) => page.waitForFunction((s) => document.documentElement.dataset.parleyReady === s, state);

try {
  const page = await newPage();
  await page.goto(url);

  // Sign-in: empty, then a wrong password, then sign-up mode.
  await scenario(page, { signedIn: false, signInError: 'invalid-credentials' });
  await page.getByTestId('signin-form').waitFor();
  await shot(page, '01-signin-empty');
  await page.getByTestId('signin-username').fill('alice');
  await page.getByTestId('signin-password').fill('not-my-password');
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('signin-error').waitFor();
  await shot(page, '02-signin-error');
  await page.getByTestId('signin-toggle-mode').click();
  await shot(page, '03-signup');
  // talker: a username or email, no sign-up from Parley (its note says why).
  await page.getByTestId('signin-protocol').getByText('talker', { exact: true }).click();
  await shot(page, '03b-signin-talker');

  // Signed in and online: the list, then a conversation with a failed and a sent message.
  await scenario(page, { signedIn: true, connection: 'online', failFirstSend: true });
  await ready(page, 'live');
  await shot(page, '04-list');
  await page.locator('[data-testid="conversation-item"][data-conversation-id="c-bob"]').click();
  await page.getByTestId('message').first().waitFor();
  await page.getByTestId('composer-input').fill('Can you bring the tickets?');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="message"][data-status="failed"]').waitFor();
  await page.getByTestId('composer-input').fill('Running 5 minutes late,\nsave me a seat!');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="message"][data-status="sent"][data-own="true"]').last().waitFor();
  await shot(page, '05-conversation');

  // Bob writes: the message appears live and Carol... no, Bob's row stays on top; Carol writes too.
  await page.evaluate(() =>
    window.parleyShot.emit('message.upserted', {
      message: {
        accountId: 'netalo|http://127.0.0.1:8080|1001',
        conversationId: 'c-carol',
        id: '99001',
        senderId: '1003',
        kind: 'text',
        text: 'Quick question about Friday — can I bring a friend?',
        sentAt: Date.now(),
        status: 'sent',
      },
    }),
  );
  await page.locator('[data-testid="conversation-item"]').first().and(page.locator('[data-conversation-id="c-carol"]')).waitFor();
  await shot(page, '06-live-message');

  // New conversation dialog with results.
  await page.getByTestId('new-conversation').click();
  await page.getByTestId('user-search-input').fill('da');
  await page.getByTestId('user-search-result').first().waitFor();
  await shot(page, '07-new-conversation');
  await page.keyboard.press('Escape');

  // Offline start: everything from the cache, a queued message.
  await scenario(page, { signedIn: true, connection: 'offline' });
  await ready(page, 'cache');
  await page.locator('[data-testid="conversation-item"][data-conversation-id="c-bob"]').click();
  await page.getByTestId('message').first().waitFor();
  await page.getByTestId('composer-input').fill('Sending this from the train');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="message"][data-status="queued"]').waitFor();
  await shot(page, '08-offline');

  // The session expires: back to sign-in with main's message.
  await page.evaluate(() =>
    window.parleyShot.emit('session.ended', {
      accountId: 'netalo|http://127.0.0.1:8080|1001',
      reason: 'expired',
      message: 'Your session has expired. Please sign in again.',
    }),
  );
  await page.getByTestId('signin-error').waitFor();
  await shot(page, '09-session-ended');

  // Two accounts, one inbox: Netalo and talker, each row marked with its account.
  await scenario(page, { signedIn: true, connection: 'online', talker: true });
  await ready(page, 'live');
  await shot(page, '11-unified-inbox');
  await page.locator('[data-testid="conversation-item"][data-conversation-id="7"]').click();
  await page.getByTestId('message').first().waitFor();
  await shot(page, '12-unified-talker-conversation');
  await page.getByTestId('account-filter').locator('[data-account-id^="talker|"]').click();
  await shot(page, '13-filter-talker');
  await page.getByTestId('add-account').click();
  await page.getByTestId('signin-form').waitFor();
  await shot(page, '14-add-account');
  await page.getByTestId('signin-cancel').click();
  // One account's session ends; the other stays.
  await page.evaluate(() =>
    window.parleyShot.emit('session.ended', {
      accountId: 'netalo|http://127.0.0.1:8080|1001',
      reason: 'conflict',
      message: 'You signed in on another device.',
    }),
  );
  await page.getByTestId('session-ended-notice').waitFor();
  await shot(page, '15-one-session-ended');

  // Dark theme, and an empty account.
  const dark = await newPage('dark');
  await dark.goto(url);
  await scenario(dark, { signedIn: true, connection: 'online', failFirstSend: true });
  await ready(dark, 'live');
  await dark.locator('[data-testid="conversation-item"][data-conversation-id="c-bob"]').click();
  await dark.getByTestId('message').first().waitFor();
  await dark.getByTestId('composer-input').fill('Can you bring the tickets?');
  await dark.keyboard.press('Enter');
  await dark.locator('[data-testid="message"][data-status="failed"]').waitFor();
  await shot(dark, '10-dark');
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}
