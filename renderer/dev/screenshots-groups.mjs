// Looks at the groups UI: builds the renderer, serves dist/renderer, injects the GROUPS
// SCREENSHOT FAKE (groups-fake-parley.ts) as `window.parley`, and saves PNGs of the member
// panel (owner and member), system lines and senders' runs, the conversation menu, message
// requests, the blocked state and the new-group dialog.
// Usage (from the repo root): node renderer/dev/screenshots-groups.mjs [outDir=/tmp/parley-shots-groups]

import { chromium } from '@playwright/test';
import { build as esbuild } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = process.argv[2] ?? '/tmp/parley-shots-groups';
mkdirSync(outDir, { recursive: true });

await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
const server = await preview({ configFile: join(root, 'vite.config.ts'), preview: { port: 4174, strictPort: true } });
const url = 'http://127.0.0.1:4174/';
const fake = await esbuild({ entryPoints: [join(root, 'renderer/dev/groups-fake-parley.ts')], bundle: true, format: 'iife', platform: 'browser', write: false });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

async function newPage(colorScheme = 'light') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', colorScheme });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && console.log('[page]', m.text()));
  page.on('pageerror', (e) => console.log('[pageerror]', e.message));
  await page.addInitScript(fake.outputFiles[0].text);
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.parleyReady === 'live');
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
  const page = await newPage();
  // The owner's group: system lines, senders' runs, the member panel with admin controls.
  await open(page, 'g-hike');
  await page.getByTestId('message-sender').filter({ hasText: 'Carol' }).first().waitFor();
  await shot(page, 'g01-group-timeline');
  await page.getByTestId('members-toggle').click();
  await page.getByTestId('member-panel').waitFor();
  await page.getByTestId('member-add-search').fill('da');
  await page.getByTestId('member-add-result').first().waitFor();
  await shot(page, 'g02-member-panel-owner');
  await page.getByTestId('member-add-search').fill('');
  await page.getByTestId('group-name-input').fill('Weekend hike 🥾');
  await page.getByTestId('group-name-save').click();
  await page.getByTestId('system-line').filter({ hasText: 'renamed the group to “Weekend hike 🥾”' }).waitFor();
  await page.locator('[data-testid="member"][data-user-id="1004"]').getByTestId('member-make-owner').click();
  await page.getByTestId('confirm-dialog').waitFor();
  await shot(page, 'g03-confirm-make-owner');
  await page.getByTestId('confirm-cancel').click();
  // The menu of a group.
  await page.getByTestId('conversation-menu-button').click();
  await page.getByTestId('conversation-menu').waitFor();
  await shot(page, 'g04-menu-group');
  await page.keyboard.press('Escape');
  // A member's view: no admin controls.
  await open(page, 'g-book');
  await page.getByTestId('member-list').waitFor();
  await shot(page, 'g05-member-panel-member');
  await page.getByTestId('member-panel-leave').click();
  await page.getByTestId('confirm-dialog').waitFor();
  await shot(page, 'g06-confirm-leave');
  await page.getByTestId('confirm-cancel').click();
  // Message requests: direct and group.
  await open(page, 'c-eve');
  await page.getByTestId('request-banner').waitFor();
  await shot(page, 'g07-request-direct');
  await open(page, 'g-launch');
  await page.getByTestId('request-banner-text').filter({ hasText: 'Dan' }).waitFor();
  await shot(page, 'g08-request-group');
  // Blocked.
  await open(page, 'c-frank');
  await page.getByTestId('blocked-banner').waitFor();
  await shot(page, 'g09-blocked');
  // A direct conversation's menu.
  await open(page, 'c-bob');
  await page.getByTestId('conversation-menu-button').click();
  await shot(page, 'g10-menu-direct');
  await page.keyboard.press('Escape');
  // New group from the dialog.
  await page.getByTestId('new-conversation').click();
  await page.getByTestId('user-search-input').fill('bo');
  await page.locator('[data-testid="user-search-result"][data-user-id="1002"]').getByTestId('user-search-add').click();
  await page.getByTestId('user-search-input').fill('car');
  await page.locator('[data-testid="user-search-result"][data-user-id="1003"]').getByTestId('user-search-add').click();
  await page.getByTestId('user-search-input').fill('da');
  await page.getByTestId('user-search-result').first().waitFor();
  await page.getByTestId('group-create').click();
  await page.getByTestId('group-name-error').waitFor();
  await shot(page, 'g11-new-group-name-required');
  await page.getByTestId('group-name').fill('Climbing');
  await shot(page, 'g12-new-group');
  await page.getByTestId('group-create').click();
  await page.getByTestId('conversation-header-title').filter({ hasText: 'Climbing' }).waitFor();
  await shot(page, 'g13-group-created');

  const dark = await newPage('dark');
  await open(dark, 'g-hike');
  await dark.getByTestId('members-toggle').click();
  await dark.getByTestId('member-panel').waitFor();
  await dark.getByTestId('message-sender').first().waitFor();
  await shot(dark, 'g14-dark-group');
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}
