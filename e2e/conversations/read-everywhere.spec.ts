// Reading in one place clears the count everywhere the user is signed in: another tab of
// the same Parley, and another Parley (its own session on the server), live.
import { expect, test, type Page } from '@playwright/test';
import { openDirect, openRow, send } from '../support/parley';
import { Stage, openConversationId, row } from '../presence/people';

const stage = new Stage();

// A reload reopens the conversation that was open (renderer/src/app/use-reopen-conversation.ts,
// remembered per origin in localStorage): forgetting it gives a tab with nothing open.
const forgetOpenConversation = (page: Page) => page.evaluate(() => localStorage.removeItem('parley.openConversation.v1'));
test.afterEach(() => stage.stop());

test('opening a conversation in one tab clears its unread count in Alice’s other tab and her other session', async () => {
  await stage.start();
  const first = await stage.parley('alice');
  await openDirect(first.page, 'netalo', 'bob');
  await send(first.page, 'ping');
  const groupId = await openConversationId(first.page);
  const bob = await stage.scripted('bob');
  await bob.send(groupId, 'pong'); // accepted, and Alice has read it (the conversation is open)
  await expect(first.page.getByTestId('message').filter({ hasText: 'pong' })).toHaveCount(1);

  // Alice's second tab of the same Parley, and a second Parley signed in as her.
  await forgetOpenConversation(first.page);
  const secondTab = await first.context.newPage();
  await secondTab.goto(first.host.url);
  await expect(row(secondTab, groupId)).toBeVisible();
  const other = await stage.parley('alice');
  await expect(row(other.page, groupId)).toBeVisible();
  // Nothing open in the first tab: a new conversation view would read everything at once.
  await first.page.reload();
  await expect(row(first.page, groupId)).toBeVisible();

  await bob.send(groupId, 'one');
  await bob.send(groupId, 'two');
  for (const page of [first.page, secondTab, other.page]) {
    await expect(row(page, groupId).getByTestId('conversation-unread')).toHaveText('2');
  }
  await expect(first.page).toHaveTitle(/^\(2\) /);

  // Alice reads in the first tab: the others clear live, and the title follows.
  await openRow(first.page, row(first.page, groupId));
  await expect(first.page.getByTestId('message').filter({ hasText: 'two' })).toHaveCount(1);
  for (const page of [first.page, secondTab, other.page]) {
    await expect(row(page, groupId).getByTestId('conversation-unread')).toHaveCount(0);
  }
  await expect(other.page).not.toHaveTitle(/^\(\d+\) /);

  // Muted (from another of her clients): the count still shows on the row, in the muted
  // style, and the title leaves it out (muted conversations are not in the total by default).
  await forgetOpenConversation(first.page);
  await first.page.reload(); // nothing open again
  const scriptedAlice = await stage.scripted('alice');
  await scriptedAlice.ask('mute_group', { group_id: groupId });
  await expect(row(other.page, groupId)).toHaveAttribute('data-muted', 'true');
  await bob.send(groupId, 'three');
  const badge = row(other.page, groupId).getByTestId('conversation-unread');
  await expect(badge).toHaveText('1');
  await expect(badge).toHaveClass(/unread-badge--muted/);
  await expect(other.page).toHaveTitle(/^Parley$/);
  await other.page.screenshot({ path: 'test-results/screens/muted-row-count.png' });
});
