// Looks at the screens of issue 12's protocols: builds the renderer into its own folder,
// serves it, injects the PROTOCOLS SCREENSHOT FAKE (protocols-fake-parley.ts) as
// `window.parley`, and saves PNGs: the sign-in form with AZStack chosen (empty, then with
// its field checks), the unified list of four accounts, an Arabic Haraj conversation, a
// Mingdao conversation with a nudge and the no-history note, a read-only Mingdao group.
// Usage (from the repo root): node renderer/dev/screenshots-protocols.mjs [outDir=/tmp/parley-shots-protocols]

import { chromium } from '@playwright/test';
import { build as esbuild } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = process.argv[2] ?? '/tmp/parley-shots-protocols';
mkdirSync(outDir, { recursive: true });
// Its own build folder: a build of dist/ running at the same time is left alone.
const rendererDir = mkdtempSync(join(tmpdir(), 'parley-shots-renderer-'));
const config = { configFile: join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir: rendererDir, emptyOutDir: true } };

// The build folder goes whatever happens (a build, the preview or the browser failing too).
process.on('exit', () => rmSync(rendererDir, { recursive: true, force: true }));

await build(config);
const server = await preview({ ...config, preview: { port: 4176, strictPort: true } });
const url = 'http://127.0.0.1:4176/';
const fake = await esbuild({ entryPoints: [join(root, 'renderer/dev/protocols-fake-parley.ts')], bundle: true, format: 'iife', platform: 'browser', write: false });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

async function newPage(signedIn, colorScheme = 'light') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', colorScheme });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && console.log('[page]', m.text()));
  page.on('pageerror', (e) => console.log('[pageerror]', e.message));
  // The scenario first: the fake reads it as it starts.
  await page.addInitScript((v) => sessionStorage.setItem('parley-shot', JSON.stringify(v)), { signedIn });
  await page.addInitScript(fake.outputFiles[0].text);
  await page.goto(url);
  return page;
}
const shot = async (page, name) => {
  const path = join(outDir, `${name}.png`);
  await page.screenshot({ path });
  console.log('saved', path);
};
const open = async (page, id) => {
  await page.locator(`[data-testid="conversation-item"][data-conversation-id="${id}"]`).click();
  await page.locator(`[data-testid="conversation-view"][data-conversation-id="${id}"]`).waitFor();
};

try {
  const signin = await newPage(false);
  await signin.getByTestId('signin-form').waitFor();
  await signin.getByTestId('signin-protocol').getByText('AZStack', { exact: true }).click();
  await signin.getByTestId('signin-appid').waitFor();
  await shot(signin, 'p01-signin-azstack');
  // Submitted half-filled: each field says what it needs.
  await signin.getByTestId('signin-publickey').fill('-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----');
  await signin.getByTestId('signin-submit').click();
  await signin.getByTestId('signin-appid-error').waitFor();
  await shot(signin, 'p02-signin-azstack-checks');
  const dark = await newPage(false, 'dark');
  await dark.getByTestId('signin-protocol').getByText('AZStack', { exact: true }).click();
  await dark.getByTestId('signin-submit').click();
  await dark.getByTestId('signin-publickey-error').waitFor();
  await shot(dark, 'p02b-signin-azstack-checks-dark');

  const page = await newPage(true);
  await page.waitForFunction(() => document.documentElement.dataset.parleyReady === 'live');
  await shot(page, 'p03-unified-four-accounts');
  await open(page, 't-1');
  await page.getByTestId('message').first().waitFor();
  await shot(page, 'p04-haraj-arabic');
  await open(page, 'u-42');
  await page.getByTestId('nudge-line').first().waitFor();
  await page.getByTestId('history-elsewhere').waitFor();
  // I nudge back, from the menu.
  await page.getByTestId('conversation-menu-button').click();
  await page.getByTestId('menu-nudge').click();
  await page.locator('[data-testid="nudge-line"][data-own="true"]').waitFor();
  await shot(page, 'p05-mingdao-nudge-history');
  // Bob nudges again while the conversation is open: the view shakes once.
  await page.evaluate(() =>
    window.parleyShot.emit('message.upserted', {
      message: { accountId: 'mingdao|http://127.0.0.1:7457|41', conversationId: 'u-42', id: '99001', senderId: '42', kind: 'nudge', text: '', sentAt: Date.now(), status: 'sent' },
    }),
  );
  await page.locator('[data-testid="conversation-view"][data-shaking="true"]').waitFor();
  await shot(page, 'p06-mingdao-shaking');
  await page.locator('[data-testid="conversation-view"]:not([data-shaking])').waitFor();
  await open(page, 'g-7');
  await page.getByTestId('composer-closed').waitFor();
  await shot(page, 'p07-mingdao-read-only');
  await page.getByTestId('conversation-menu-button').click();
  await page.getByTestId('conversation-menu').waitFor();
  await shot(page, 'p08-mingdao-menu');
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}
