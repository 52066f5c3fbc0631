// Search end to end: Alice's Parley (browser host) has cached messages from Bob and Carol
// (scripted Netalo clients) as they arrived. Ctrl+K focuses the search box; typing the
// start of a word finds its messages in both conversations, grouped by conversation with
// the match marked; choosing Carol's, written 60 messages ago, opens her conversation
// scrolled to it, highlighted. A conversation is found by its name; Esc clears the search.
import { expect, test } from '@playwright/test';
import { openParley } from '../support/browser';
import { freePort, startServer, startWebHost, tempDir } from '../support/processes';
import { scriptedNetaloUser } from '../support/scripted-netalo-user';

const PASSWORDS = { alice: 'alice-parley', bob: 'bob-parley', carol: 'carol-parley' };

test('Ctrl+K, type: messages of two conversations found, grouped and marked; a result opens its conversation at that message, highlighted', async () => {
  test.setTimeout(120_000);
  const server = await startServer({ dataDir: tempDir('search-server') });
  const bob = await scriptedNetaloUser(server.url, 'bob', PASSWORDS.bob);
  const carol = await scriptedNetaloUser(server.url, 'carol', PASSWORDS.carol);
  // Alice starts both conversations (so they are no requests), from a plain client.
  const scriptedAlice = await scriptedNetaloUser(server.url, 'alice', PASSWORDS.alice);
  const groupOf = async (uin: string) => String(((await scriptedAlice.ask('create_group', { type: 1, occupants_uins: [uin] })).group as { group_id: string }).group_id);
  const withBob = await groupOf(bob.uin);
  const withCarol = await groupOf(carol.uin);
  scriptedAlice.close();

  const host = await startWebHost({ dataDir: tempDir('search-alice-host'), port: await freePort(), serverUrl: server.url });
  const context = await openParley(tempDir('search-alice-profile'), new URL(host.url).origin);
  try {
    const page = await context.newPage();
    await page.goto(host.url);
    await page.getByTestId('signin-username').fill('alice');
    await page.getByTestId('signin-password').fill(PASSWORDS.alice);
    await page.getByTestId('signin-submit').click();
    await expect(page.locator('html')).toHaveAttribute('data-parley-ready', 'live');

    // Messages reach Alice's cache as they arrive; Carol's match is followed by 60 others.
    const say = async (user: typeof bob, group: string, text: string) => expect((await user.say(group, text)).result).toBe(0);
    await say(bob, withBob, 'Are we still on for the pineapple pizza tonight?');
    await say(bob, withBob, 'Bring drinks');
    await say(carol, withCarol, 'I bought two Pineapples at the market');
    for (let i = 1; i <= 60; i++) await say(carol, withCarol, `Carol's note ${i}`);
    const row = (name: string) => page.getByTestId('conversation-item').filter({ hasText: name });
    await expect(row('Carol Nguyen').getByTestId('conversation-preview')).toHaveText(/Carol's note 60/);
    await expect(row('Bob Okafor').getByTestId('conversation-preview')).toHaveText(/Bring drinks/);

    // Ctrl+K from anywhere focuses the search box.
    await page.locator('body').click({ position: { x: 700, y: 400 } });
    await page.keyboard.press('Control+K');
    await expect(page.getByTestId('search-input')).toBeFocused();

    // Typed key by key: answered as the user types, grouped by conversation, the match marked.
    await page.keyboard.type('pineap');
    const groups = page.getByTestId('search-group');
    await expect(groups).toHaveCount(2);
    await expect(groups.getByTestId('search-group-title')).toHaveText(['Carol Nguyen', 'Bob Okafor']); // newest match first
    const carolsResult = groups.filter({ hasText: 'Carol Nguyen' }).getByTestId('search-result');
    await expect(carolsResult).toHaveCount(1);
    await expect(carolsResult).toContainText('I bought two Pineapples at the market');
    await expect(carolsResult.getByTestId('search-mark')).toHaveText('Pineap');
    await expect(groups.filter({ hasText: 'Bob Okafor' }).getByTestId('search-mark')).toHaveText('pineap');
    await expect(page.getByTestId('conversation-list')).toBeHidden();
    await page.screenshot({ path: test.info().outputPath('search-results.png') });

    // Choosing Carol's message opens her conversation scrolled to it, highlighted.
    await carolsResult.click();
    await expect(page.getByTestId('conversation-header-title')).toHaveText('Carol Nguyen');
    const highlighted = page.locator('[data-highlighted="true"]');
    await expect(highlighted).toHaveCount(1);
    await expect(highlighted).toContainText('I bought two Pineapples at the market');
    await expect(highlighted).toBeInViewport();
    await expect(page.getByTestId('message').filter({ hasText: /^Carol's note 60/ })).not.toBeInViewport();
    await page.screenshot({ path: test.info().outputPath('search-opened.png') });

    // A conversation by its name; Esc clears the search and the list is back.
    await page.keyboard.press('Control+K');
    await page.keyboard.type('nguy');
    await expect(page.getByTestId('search-conversation-title')).toHaveText(['Carol Nguyen']);
    await expect(page.getByTestId('search-conversation').getByTestId('search-mark')).toHaveText('Nguy');
    await expect(page.getByTestId('search-group')).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('search-input')).toHaveValue('');
    await expect(page.getByTestId('search-results')).toHaveCount(0);
    await expect(page.getByTestId('conversation-list')).toBeVisible();
  } finally {
    bob.close();
    carol.close();
    await context.close();
    await host.stop();
    await server.stop();
  }
});
