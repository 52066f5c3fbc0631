// Message requests end to end: a stranger's first message reaches Bob as a request (marked
// in the list, a banner with Accept / Delete / Block in place of the composer). Accepting
// opens the composer and his reply reaches the stranger; blocking another stranger takes the
// conversation away and the server refuses that stranger's next message, saying why.
import { expect, test, type Page } from '@playwright/test';
import { netaloTexts } from '../support/server-clients';
import { scriptedNetaloUser } from '../support/scripted-netalo-user';
import { PASSWORDS, row, startWorld } from './world';
import { openRow } from '../support/parley';

async function myUin(page: Page): Promise<string> {
  const accountId = (await page.getByTestId('account-item').first().getAttribute('data-account-id'))!;
  return accountId.slice(accountId.lastIndexOf('|') + 1);
}

test('a stranger’s first message arrives as a request; accept opens the composer, block refuses the sender', async () => {
  const world = await startWorld();
  try {
    const bob = await world.parley('bob');
    const bobUin = await myUin(bob);
    const carol = await scriptedNetaloUser(world.serverUrl, 'carol', PASSWORDS.carol!);
    const alice = await scriptedNetaloUser(world.serverUrl, 'alice', PASSWORDS.alice!);

    const withCarol = await carol.direct(bobUin);
    expect((await carol.say(withCarol, 'hi bob, it’s carol')).result).toBe(0);
    const carolsRow = row(bob, 'Carol Nguyen');
    await expect(carolsRow.getByTestId('conversation-request')).toHaveText('Request');
    await carolsRow.click();
    await expect(bob.getByTestId('request-banner-text')).toHaveText('Carol Nguyen wants to message you');
    for (const id of ['request-accept', 'request-delete', 'request-block']) await expect(bob.getByTestId(id)).toBeVisible();
    await expect(bob.getByTestId('composer-input')).toHaveCount(0);

    await bob.getByTestId('request-accept').click();
    await expect(bob.getByTestId('request-banner')).toHaveCount(0);
    await expect(carolsRow.getByTestId('conversation-request')).toHaveCount(0);
    await bob.getByTestId('composer-input').fill('hi carol');
    await bob.getByTestId('composer-input').press('Enter');
    await expect(bob.getByTestId('message').filter({ hasText: 'hi carol' })).toHaveAttribute('data-status', /^(sent|delivered|read)$/);
    expect(await netaloTexts(world.serverUrl, 'carol', PASSWORDS.carol!, withCarol)).toContain('hi carol');

    // Another stranger: Bob blocks her from the request.
    const withAlice = await alice.direct(bobUin);
    expect((await alice.say(withAlice, 'buy my course')).result).toBe(0);
    await openRow(bob, row(bob, 'Alice Martin'));
    await expect(bob.getByTestId('request-banner-text')).toHaveText('Alice Martin wants to message you');
    await bob.getByTestId('request-block').click();
    await expect(row(bob, 'Alice Martin')).toHaveCount(0);
    const refused = await alice.say(withAlice, 'still there?');
    expect(refused.result).not.toBe(0);
    expect(JSON.stringify(refused)).toMatch(/blocked/);
    carol.close();
    alice.close();
  } finally {
    await world.close();
  }
});
