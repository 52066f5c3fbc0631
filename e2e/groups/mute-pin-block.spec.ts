// Mute, pin, block and delete from the conversation menu, end to end. Alice runs Parley
// twice (two browser hosts: two sessions on the server); what she pins or mutes in one
// shows in the other live. Pinned stays on top when newer messages arrive elsewhere. A
// blocked peer's message fails with the server's reason; deleting the conversation clears
// Alice's copy, and Bob's next message brings it back with only what is new.
import { expect, test, type Page } from '@playwright/test';
import { scriptedNetaloUser } from '../support/scripted-netalo-user';
import { confirm, PASSWORDS, row, startWorld } from './world';
import { openRow } from '../support/parley';

async function startDirect(page: Page, name: string, text: string): Promise<string> {
  await page.getByTestId('new-conversation').click();
  await page.getByTestId('user-search-input').fill(name);
  await page.getByTestId('user-search-result').filter({ hasText: new RegExp(name, 'i') }).first().click();
  // Until the new conversation shows, the composer is the previous one's (behind the dialog).
  await expect(page.getByTestId('conversation-header-title')).toHaveText(new RegExp(name, 'i'));
  await expect(page.locator('dialog.dialog[open]')).toHaveCount(0);
  await page.getByTestId('composer-input').fill(text);
  await page.getByTestId('composer-input').press('Enter');
  await expect(page.getByTestId('message').filter({ hasText: text })).toHaveAttribute('data-status', /^(sent|delivered|read)$/);
  return (await page.getByTestId('conversation-view').getAttribute('data-conversation-id'))!;
}

async function menu(page: Page, item: string): Promise<void> {
  await page.getByTestId('conversation-menu-button').click();
  await page.getByTestId(item).click();
}

const top = (page: Page) => page.getByTestId('conversation-item').first();

test('mute, pin, block and delete from the menu; another session of the same user follows', async () => {
  const world = await startWorld();
  try {
    const alice = await world.parley('alice');
    const bob = await world.parley('bob');
    const carol = await scriptedNetaloUser(world.serverUrl, 'carol', PASSWORDS.carol!);
    const withBob = await startDirect(alice, 'bob', 'hi bob');
    const withCarol = await startDirect(alice, 'carol', 'hi carol');
    const aliceAgain = await world.parley('alice');
    await expect(aliceAgain.getByTestId('conversation-item')).toHaveCount(2);
    await expect(top(aliceAgain)).toHaveAttribute('data-conversation-id', withCarol);

    // Pin Bob's conversation: on top in both sessions, and it stays there when Carol writes.
    await openRow(alice, row(alice, 'Bob Okafor'));
    await menu(alice, 'menu-pin');
    for (const page of [alice, aliceAgain]) {
      await expect(top(page)).toHaveAttribute('data-conversation-id', withBob);
      await expect(top(page).getByTestId('conversation-pinned')).toBeVisible();
    }
    expect((await carol.say(withCarol, 'news from carol')).result).toBe(0);
    await expect(row(alice, 'Carol Nguyen').getByTestId('conversation-preview')).toHaveText('news from carol');
    await expect(top(alice)).toHaveAttribute('data-conversation-id', withBob);
    await expect(top(aliceAgain)).toHaveAttribute('data-conversation-id', withBob);

    // Mute Carol's: the muted mark in both sessions; the menu now offers Unmute.
    await openRow(alice, row(alice, 'Carol Nguyen'));
    await menu(alice, 'menu-mute');
    await expect(row(alice, 'Carol Nguyen').getByTestId('conversation-muted')).toBeVisible();
    await expect(row(aliceAgain, 'Carol Nguyen').getByTestId('conversation-muted')).toBeVisible();
    await alice.getByTestId('conversation-menu-button').click();
    await expect(alice.getByTestId('menu-mute')).toHaveText('Unmute');
    await alice.keyboard.press('Escape');

    // Bob accepts Alice's conversation, then Alice blocks him: the state shows, his message fails with the server's reason.
    await openRow(bob, row(bob, 'Alice Martin'));
    await bob.getByTestId('request-accept').click();
    await openRow(alice, row(alice, 'Bob Okafor'));
    await menu(alice, 'menu-block');
    await expect(alice.getByTestId('blocked-banner')).toContainText('You blocked Bob Okafor');
    await expect(alice.getByTestId('composer-closed')).toBeVisible();
    await expect(alice.getByTestId('composer-input')).toHaveCount(0);
    await bob.getByTestId('composer-input').fill('let me in');
    await bob.getByTestId('composer-input').press('Enter');
    const refused = bob.getByTestId('message').filter({ hasText: 'let me in' });
    await expect(refused).toHaveAttribute('data-status', 'failed');
    await expect(refused.locator('.message__failure')).toContainText(/blocked/);
    await expect(alice.getByTestId('message').filter({ hasText: 'let me in' })).toHaveCount(0);

    // Unblock from the banner: the composer is back.
    await alice.getByTestId('blocked-unblock').click();
    await expect(alice.getByTestId('blocked-banner')).toHaveCount(0);
    await expect(alice.getByTestId('composer-input')).toBeVisible();

    // Delete the conversation: it leaves the list; Bob's next message brings it back with only that message.
    await menu(alice, 'menu-delete');
    await expect(alice.getByTestId('confirm-dialog')).toContainText('clears your copy');
    await confirm(alice);
    await expect(row(alice, 'Bob Okafor')).toHaveCount(0);
    await bob.getByTestId('composer-input').fill('after the clear');
    await bob.getByTestId('composer-input').press('Enter');
    await expect(row(alice, 'Bob Okafor')).toBeVisible();
    await openRow(alice, row(alice, 'Bob Okafor'));
    await expect(alice.getByTestId('message').filter({ hasText: 'after the clear' })).toBeVisible();
    await expect(alice.getByTestId('message').filter({ hasText: 'hi bob' })).toHaveCount(0);
    carol.close();
  } finally {
    await world.close();
  }
});
