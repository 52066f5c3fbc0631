// Read receipts as the real system carries them (received_list / seen_list): my message
// goes sent → delivered when it reaches Bob's Parley → seen when he opens the conversation;
// in a group, "Seen by 2" with the names in the tooltip.
import { expect, test } from '@playwright/test';
import { openDirect, openRow, send } from '../support/parley';
import { NAMES, Stage, openConversationId, row } from '../presence/people';

const stage = new Stage();
test.afterEach(() => stage.stop());

test('direct: my message goes sent → delivered → seen as Bob’s Parley receives it and he opens it', async () => {
  await stage.start();
  const alice = await stage.parley('alice');
  await openDirect(alice.page, 'netalo', 'bob');
  await send(alice.page, 'Hello Bob');
  const groupId = await openConversationId(alice.page);
  // Bob accepts (by answering from another client), so that his receipts reach Alice.
  const scriptedBob = await stage.scripted('bob');
  await scriptedBob.send(groupId, 'Hi!');
  await scriptedBob.close();
  await expect(alice.page.getByTestId('message').filter({ hasText: 'Hi!' })).toHaveCount(1);

  // Bob's Parley is on, its list showing, nothing open: a new message reaches it, unread.
  const bob = await stage.parley('bob');
  await expect(row(bob.page, groupId)).toBeVisible();
  await send(alice.page, 'Are you free tonight?');
  const mine = alice.page.getByTestId('message').filter({ hasText: 'Are you free tonight?' });
  await expect(row(bob.page, groupId).getByTestId('conversation-unread')).toHaveText(/\d+/);
  await expect(mine).toHaveAttribute('data-status', 'delivered');
  await expect(mine.getByTestId('message-status')).toContainText('Delivered');

  // He opens it (focused, visible): seen.
  await openRow(bob.page, row(bob.page, groupId));
  await expect(bob.page.getByTestId('message').filter({ hasText: 'Are you free tonight?' })).toHaveCount(1);
  await expect(mine).toHaveAttribute('data-status', 'read');
  await expect(mine.getByTestId('message-status')).toContainText('Read');
  // Everything before it is seen as well: the mark covers all up to it.
  await expect(alice.page.getByTestId('message').filter({ hasText: 'Hello Bob' })).toHaveAttribute('data-status', 'read');
});

test('group of three: "Seen by 2" as Bob and Carol read it, with their names in the tooltip', async () => {
  await stage.start();
  const alice = await stage.parley('alice');
  const bob = await stage.scripted('bob');
  const carol = await stage.scripted('carol');
  const scriptedAlice = await stage.scripted('alice');
  const created = await scriptedAlice.ask('create_group', { name: 'Weekend trip', type: 2, occupants_uins: [scriptedAlice.uin, bob.uin, carol.uin] });
  const groupId = String((created.group as { group_id: string }).group_id);
  await scriptedAlice.close();
  // They accept the group (it is a request for each of them until then).
  await bob.ask('accept_group', { group_id: groupId });
  await carol.ask('accept_group', { group_id: groupId });

  await openRow(alice.page, row(alice.page, groupId));
  await send(alice.page, 'Who brings the tent?');
  const mine = alice.page.getByTestId('message').filter({ hasText: 'Who brings the tent?' });
  await expect(mine).toHaveAttribute('data-message-id', /^\d+$/);
  const messageId = (await mine.getAttribute('data-message-id'))!;

  await bob.markSeen(groupId, messageId);
  await expect(mine.getByTestId('message-seen-by')).toHaveText('Seen by 1');
  await carol.markSeen(groupId, messageId);
  await expect(mine.getByTestId('message-seen-by')).toHaveText('Seen by 2');
  await expect(mine).toHaveAttribute('data-status', 'read'); // everyone else saw it
  const names = await mine.getByTestId('message-status').getAttribute('title');
  expect(names).toContain(NAMES.bob);
  expect(names).toContain(NAMES.carol);
  await alice.page.screenshot({ path: 'test-results/screens/group-seen-by-2.png' });
});
