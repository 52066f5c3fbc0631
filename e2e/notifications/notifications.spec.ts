// Notifications in the browser host, end to end: the real server, Alice's browser host and
// Chromium with notification permission granted; Bob, Carol and a second session of Alice
// are plain Netalo clients. Main decides (its policy), the page shows them with the
// Notification API. An init script wraps window.Notification so every notification the page
// constructs is recorded (and still constructed for real).
//
// "Did not notify" is checked against a later message that does notify: main decides one
// message after another, so a notification for the earlier one would be recorded first.
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { openParley } from '../support/browser';
import { openDirect, send, signInAccount } from '../support/parley';
import { freePort, startServer, startWebHost, tempDir, type Running } from '../support/processes';
import { scriptedNetaloUser, type ScriptedUser } from '../support/scripted-netalo-user';

interface Recorded {
  title: string;
  body: string;
  tag: string;
}

declare global {
  interface Window {
    __recordedNotifications?: Array<Recorded & { notification: Notification }>;
  }
}

const cleanups: Array<() => Promise<unknown>> = [];
test.afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function parleyForAlice(server: Running): Promise<{ page: Page; context: BrowserContext }> {
  const host = await startWebHost({ dataDir: tempDir('alice-host'), port: await freePort(), serverUrl: server.url });
  cleanups.push(() => host.stop());
  const context = await openParley(tempDir('alice-profile'), new URL(host.url).origin); // grants 'notifications'
  cleanups.push(() => context.close());
  await context.addInitScript(() => {
    const Real = window.Notification;
    const recorded: Array<{ title: string; body: string; tag: string; notification: Notification }> = [];
    const Recording = function (title: string, options?: NotificationOptions) {
      const notification = new Real(title, options);
      recorded.push({ title, body: options?.body ?? '', tag: options?.tag ?? '', notification });
      return notification;
    } as unknown as typeof Notification;
    Object.defineProperty(Recording, 'permission', { get: () => Real.permission });
    Object.defineProperty(Recording, 'requestPermission', { value: Real.requestPermission.bind(Real) });
    Recording.prototype = Real.prototype;
    window.Notification = Recording;
    window.__recordedNotifications = recorded;
  });
  const page = await context.newPage();
  await page.goto(host.url);
  await signInAccount(page, { protocol: 'netalo', username: 'alice', password: 'alice-parley' });
  return { page, context };
}

async function user(server: Running, name: string): Promise<ScriptedUser> {
  const u = await scriptedNetaloUser(server.url, name, `${name}-parley`);
  cleanups.push(async () => u.close());
  return u;
}

function recorded(page: Page): Promise<Recorded[]> {
  return page.evaluate(() => (window.__recordedNotifications ?? []).map(({ title, body, tag }) => ({ title, body, tag })));
}

const bodies = async (page: Page) => (await recorded(page)).map((n) => n.body);

function row(page: Page, conversationId: string) {
  return page.locator(`[data-testid="conversation-item"][data-conversation-id="${conversationId}"]`);
}

/** Opens a conversation from the list; once it shows, this window has reported it (ui.report). */
async function openRow(page: Page, conversationId: string): Promise<void> {
  await row(page, conversationId).click();
  await expect(page.getByTestId('conversation-view')).toHaveAttribute('data-conversation-id', conversationId);
}

async function openConversationId(page: Page): Promise<string> {
  const id = await page.getByTestId('conversation-view').getAttribute('data-conversation-id');
  expect(id).toBeTruthy();
  return id!;
}

/** Through the settings dialog, as the user does; returns once main has stored it. */
async function setSetting(page: Page, key: string, on: boolean): Promise<void> {
  await page.getByTestId('settings-button').click();
  const dialog = page.getByTestId('settings-dialog');
  const toggle = dialog.getByTestId(`setting-${key}`);
  await expect(toggle).toBeEnabled();
  if ((await toggle.isChecked()) !== on) await toggle.click();
  await expect(toggle).toBeChecked({ checked: on });
  await expect(dialog).toHaveAttribute('aria-busy', 'false');
  await dialog.getByTestId('settings-close').click();
  await expect(dialog).toHaveCount(0);
}

test('notifications follow main’s policy: who, when, muted, Do Not Disturb, bursts, previews, click, title and tab icon', async () => {
  const server = await startServer({ dataDir: tempDir('server'), port: await freePort() });
  cleanups.push(() => server.stop());
  const { page } = await parleyForAlice(server);
  expect(await page.evaluate(() => Notification.permission)).toBe('granted');

  // Alice starts both conversations (so neither is a message request for her).
  await openDirect(page, 'netalo', 'bob');
  await send(page, 'hi Bob');
  const bobChat = await openConversationId(page);
  await openDirect(page, 'netalo', 'carol');
  await send(page, 'hi Carol');
  const carolChat = await openConversationId(page);
  const bob = await user(server, 'bob');
  const carol = await user(server, 'carol');

  await test.step('another conversation open: a message notifies with sender and text', async () => {
    await bob.say(bobChat, 'lunch at noon?');
    await expect.poll(() => recorded(page)).toEqual([{ title: expect.stringMatching(/Bob/), body: 'lunch at noon?', tag: expect.stringContaining(bobChat) }]);
  });

  await test.step('the open conversation, window focused: no notification; the same, unfocused: one', async () => {
    await openRow(page, bobChat);
    await bob.say(bobChat, 'are you there?');
    await expect(page.getByTestId('message').filter({ hasText: 'are you there?' })).toBeVisible();
    // The page reports blur through the real ui.report path.
    await page.evaluate(() => window.dispatchEvent(new Event('blur')));
    await bob.say(bobChat, 'still there?');
    await expect.poll(() => bodies(page)).toContain('still there?');
    expect(await bodies(page)).toEqual(['lunch at noon?', 'still there?']);
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  });

  await test.step('a muted conversation does not notify (muted from Alice’s other session), nor count unless asked', async () => {
    await openRow(page, carolChat); // Bob's is now "another conversation"
    const aliceElsewhere = await user(server, 'alice');
    await aliceElsewhere.ask('mute_group', { group_id: carolChat });
    await expect(row(page, carolChat).getByTestId('conversation-muted')).toBeVisible();
    await openRow(page, bobChat); // Carol's is now not open
    await carol.say(carolChat, 'muted hello');
    await expect(row(page, carolChat).getByTestId('conversation-preview')).toHaveText(/muted hello/);
    // Its unread message stays out of the title and tab icon until the setting counts it.
    const icon = page.locator('link[rel="icon"]');
    await expect(page).toHaveTitle(/^Parley/);
    await setSetting(page, 'includeMutedInBadge', true);
    await expect(page).toHaveTitle(/^\(1\) Parley/);
    await expect(icon).toHaveAttribute('data-unread', '1');
    await setSetting(page, 'includeMutedInBadge', false);
    await expect(page).toHaveTitle(/^Parley/);
    await expect(icon).toHaveAttribute('data-unread', '0');
  });

  await test.step('Do Not Disturb: no notification', async () => {
    await openRow(page, carolChat);
    await setSetting(page, 'doNotDisturb', true);
    await bob.say(bobChat, 'during dnd');
    await expect(row(page, bobChat).getByTestId('conversation-preview')).toHaveText(/during dnd/);
    await setSetting(page, 'doNotDisturb', false);
  });

  await test.step('a burst of three coalesces: one tag, "3 new messages"', async () => {
    for (const text of ['one', 'two', 'three']) await bob.say(bobChat, text);
    await expect.poll(async () => (await recorded(page)).at(-1)?.body).toBe('3 new messages\nthree');
    const all = await recorded(page);
    // Neither the muted message nor the one during Do Not Disturb was ever shown.
    expect(all.map((n) => n.body)).toEqual(['lunch at noon?', 'still there?', 'one', '2 new messages\ntwo', '3 new messages\nthree']);
    expect(new Set(all.slice(-3).map((n) => n.tag)).size).toBe(1);
  });

  await test.step('the title and the tab icon show the count', async () => {
    // Bob's conversation: "during dnd", one, two, three (Carol's was read when it opened).
    await expect(page).toHaveTitle(/^\(4\) Parley/);
    const icon = page.locator('link[rel="icon"]');
    await expect(icon).toHaveAttribute('data-unread', '4');
    await expect(icon).toHaveAttribute('href', /^data:image\/png;base64,/);
    // Kept for a look: the drawn icon itself (a headless browser has no tab strip to screenshot).
    const png = (await icon.getAttribute('href'))!.split(',')[1]!;
    mkdirSync('test-results/screens', { recursive: true });
    writeFileSync('test-results/screens/favicon-badged.png', Buffer.from(png, 'base64'));
    // A page that starts now shows the count at once (main repeats it when the window reports).
    await page.reload();
    await expect(page.getByTestId('chat-screen')).toBeVisible();
    await expect(page).toHaveTitle(/^\(4\) Parley/);
    await expect(icon).toHaveAttribute('data-unread', '4');
  });

  await test.step('previews off: who wrote, without the text', async () => {
    await setSetting(page, 'notificationPreviews', false);
    await bob.say(bobChat, 'the secret plan');
    await expect.poll(async () => (await recorded(page)).length).toBe(1); // recorded since the reload
    const last = (await recorded(page)).at(-1)!;
    expect(last.title).toMatch(/Bob/);
    expect(last.body).toBe('4 new messages');
    expect(JSON.stringify(await recorded(page))).not.toContain('secret');
  });

  await test.step('clicking the notification opens its conversation, which reads it: the counts clear', async () => {
    await page.evaluate(() => {
      const last = window.__recordedNotifications!.at(-1)!.notification;
      last.onclick?.(new Event('click'));
    });
    await expect(page.getByTestId('conversation-view')).toHaveAttribute('data-conversation-id', bobChat);
    await expect(page.getByTestId('message').filter({ hasText: 'the secret plan' })).toBeVisible();
    await expect(page).toHaveTitle(/^Parley/);
    await expect(page.locator('link[rel="icon"]')).toHaveAttribute('data-unread', '0');
  });

  // For a look at the dialog, with a switch on.
  await page.getByTestId('settings-button').click();
  // The browser host has no tray: no "Close to tray" row.
  await expect(page.getByTestId('setting-notificationPreviews')).toBeVisible();
  await expect(page.getByTestId('setting-closeToTray')).toHaveCount(0);
  await page.getByTestId('setting-doNotDisturb').click();
  await expect(page.getByTestId('setting-doNotDisturb')).toBeChecked();
  await expect(page.getByTestId('settings-dialog')).toHaveAttribute('aria-busy', 'false');
  await page.screenshot({ path: 'test-results/screens/settings-dialog.png' });
});
