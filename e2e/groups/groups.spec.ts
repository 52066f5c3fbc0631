// Groups end to end: Alice creates one from the new-conversation dialog, with Bob (in
// Parley) and Carol (a scripted Netalo client); she renames it, removes and adds Carol,
// makes Bob the owner and leaves. Bob sees every change live as a line in the timeline and
// in his member panel; as a member he has no admin controls until he becomes the owner.
// Everyone's runs of messages carry their names.
import { expect, test } from '@playwright/test';
import { scriptedNetaloUser } from '../support/scripted-netalo-user';
import { confirm, PASSWORDS, row, servePicture, startWorld, systemLine } from './world';
import { openRow } from '../support/parley';

test('create, administer and leave a group; every change reaches the other members live', async () => {
  const world = await startWorld();
  try {
    const alice = await world.parley('alice');
    const bob = await world.parley('bob');
    const carol = await scriptedNetaloUser(world.serverUrl, 'carol', PASSWORDS.carol!);

    // Alice picks Bob and Carol, names the group (required) and creates it.
    await alice.getByTestId('new-conversation').click();
    for (const name of ['bob', 'carol']) {
      await alice.getByTestId('user-search-input').fill(name);
      await alice.getByTestId('user-search-result').filter({ hasText: new RegExp(name, 'i') }).getByTestId('user-search-add').click();
    }
    await expect(alice.getByTestId('picked-person')).toHaveCount(2);
    await alice.getByTestId('group-create').click();
    await expect(alice.getByTestId('group-name-error')).toBeVisible();
    await alice.getByTestId('group-name').fill('Hike');
    await alice.getByTestId('group-create').click();
    await expect(alice.getByTestId('conversation-header-title')).toHaveText('Hike');
    await expect(systemLine(alice, 'You created the group “Hike”')).toBeVisible();
    const groupId = (await alice.getByTestId('conversation-view').getAttribute('data-conversation-id'))!;

    // Bob never talked to Alice: the group reaches him as a request.
    await expect(row(bob, 'Hike').getByTestId('conversation-request')).toBeVisible();
    await openRow(bob, row(bob, 'Hike'));
    await expect(bob.getByTestId('request-banner-text')).toHaveText('Alice Martin added you to “Hike”');
    await expect(bob.getByTestId('composer-input')).toHaveCount(0);
    await bob.getByTestId('request-accept').click();
    await expect(bob.getByTestId('composer-input')).toBeVisible();
    await expect(row(bob, 'Hike').getByTestId('conversation-request')).toHaveCount(0);

    // Runs carry their sender's name: Bob's and Carol's messages look different.
    expect((await carol.say(groupId, 'carol here')).result).toBe(0);
    await bob.getByTestId('composer-input').fill('bob here');
    await bob.getByTestId('composer-input').press('Enter');
    const carolsMessage = alice.getByTestId('message').filter({ hasText: 'carol here' });
    const bobsMessage = alice.getByTestId('message').filter({ hasText: 'bob here' });
    await expect(carolsMessage.getByTestId('message-sender')).toHaveText('Carol Nguyen');
    await expect(bobsMessage.getByTestId('message-sender')).toHaveText('Bob Okafor');
    await expect(carolsMessage.getByTestId('message-sender-avatar')).toBeVisible();

    // Bob, a member, sees the members and no admin controls.
    await bob.getByTestId('members-toggle').click();
    const bobsPanel = bob.getByTestId('member-panel');
    await expect(bobsPanel.getByTestId('member')).toHaveCount(3);
    await expect(bobsPanel.locator('[data-testid="member"][data-owner="true"]').getByTestId('member-name')).toHaveText(/Alice Martin/);
    await expect(bobsPanel.getByTestId('group-admin')).toHaveCount(0);
    await expect(bobsPanel.getByTestId('member-remove')).toHaveCount(0);
    await expect(bobsPanel.getByTestId('member-make-owner')).toHaveCount(0);
    await expect(bobsPanel.getByTestId('member-panel-leave')).toBeVisible();

    // Alice, the owner, renames it.
    await alice.getByTestId('members-toggle').click();
    const alicesPanel = alice.getByTestId('member-panel');
    await alicesPanel.getByTestId('group-name-input').fill('Weekend hike');
    await alicesPanel.getByTestId('group-name-save').click();
    await expect(systemLine(bob, 'Alice Martin renamed the group to “Weekend hike”')).toBeVisible();
    await expect(bob.getByTestId('conversation-header-title')).toHaveText('Weekend hike');
    // The list previews a change as a sentence, never as "You: …".
    await expect(row(alice, 'Weekend hike').getByTestId('conversation-preview')).toHaveText('You renamed the group to “Weekend hike”');
    await expect(row(bob, 'Weekend hike').getByTestId('conversation-preview')).toHaveText('Alice Martin renamed the group to “Weekend hike”');

    // She gives it a picture (an address on the chat server's host): main fetches it, and
    // Bob's list and header show it from Parley's own origin.
    const picture = await servePicture();
    try {
      await alicesPanel.getByTestId('group-avatar-input').fill(picture.url);
      await alicesPanel.getByTestId('group-avatar-save').click();
      await expect(systemLine(bob, 'Alice Martin changed the group photo')).toBeVisible();
      const bobsAvatar = row(bob, 'Weekend hike').getByTestId('avatar-image').locator('img');
      await expect(bobsAvatar).toHaveAttribute('src', /^\/attachments\/[0-9a-f]{32}$/);
      await expect.poll(() => bobsAvatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(32);
      await expect(bob.getByTestId('conversation-header').getByTestId('avatar-image')).toBeVisible();
      await bob.screenshot({ path: 'test-results/screens/group-picture.png' });
    } finally {
      await picture.close();
    }

    // She removes Carol, then adds her again.
    const carolRow = alicesPanel.locator('[data-testid="member"]').filter({ hasText: 'Carol Nguyen' });
    await carolRow.getByTestId('member-remove').click();
    await confirm(alice);
    await expect(systemLine(bob, 'Alice Martin removed Carol Nguyen')).toBeVisible();
    await expect(bobsPanel.getByTestId('member')).toHaveCount(2);
    await alicesPanel.getByTestId('member-add-search').fill('carol');
    await alicesPanel.getByTestId('member-add-result').filter({ hasText: 'Carol' }).click();
    await expect(systemLine(bob, 'Alice Martin added Carol Nguyen')).toBeVisible();
    await expect(bobsPanel.getByTestId('member')).toHaveCount(3);

    // She makes Bob the owner: his panel now has the admin controls, hers has none.
    await alicesPanel.locator('[data-testid="member"]').filter({ hasText: 'Bob Okafor' }).getByTestId('member-make-owner').click();
    await confirm(alice);
    await expect(systemLine(bob, 'Alice Martin made you the owner')).toBeVisible();
    await expect(bobsPanel.getByTestId('group-admin')).toBeVisible();
    await expect(bobsPanel.locator('[data-testid="member"][data-owner="true"]').getByTestId('member-name')).toHaveText(/Bob Okafor/);
    await expect(alicesPanel.getByTestId('group-admin')).toHaveCount(0);

    // She leaves: the group leaves her list; Bob sees her go.
    await alice.getByTestId('conversation-menu-button').click();
    await alice.getByTestId('menu-leave').click();
    await confirm(alice);
    await expect(row(alice, 'Weekend hike')).toHaveCount(0);
    await expect(systemLine(bob, 'Alice Martin left')).toBeVisible();
    await expect(bobsPanel.getByTestId('member')).toHaveCount(2);
    carol.close();
  } finally {
    await world.close();
  }
});
