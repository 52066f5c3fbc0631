// Typing between two people: Bob types in his Parley and Alice reads "Bob Okafor is
// typing…" in the conversation's header and in its list row, which goes when he sends; a
// "start typing" that is never followed by a stop goes away by itself.
import { expect, test } from '@playwright/test';
import { openDirect, openRow, send } from '../support/parley';
import { NAMES, Stage, header, openConversationId, row } from './people';

const stage = new Stage();
test.afterEach(() => stage.stop());

test('typing shows in the header and the row on the other side, clears on send and lapses by itself without a stop', async () => {
  await stage.start();
  const alice = await stage.parley('alice');
  await openDirect(alice.page, 'netalo', 'bob');
  await send(alice.page, 'Lunch today?');
  const groupId = await openConversationId(alice.page);

  // Bob accepts the request in his own Parley and answers.
  const bob = await stage.parley('bob');
  await openRow(bob.page, row(bob.page, groupId));
  await bob.page.getByTestId('request-accept').click();
  await send(bob.page, 'Sure');
  await expect(alice.page.getByTestId('message').filter({ hasText: 'Sure' })).toHaveCount(1);

  // Bob types: Alice sees it in the header and in the row (in place of the preview).
  await bob.page.getByTestId('composer-input').pressSequentially('Where shall', { delay: 30 });
  const typing = `${NAMES.bob} is typing…`;
  await expect(header(alice.page)).toHaveText(typing);
  await expect(header(alice.page)).toHaveAttribute('data-typing', 'true');
  await expect(row(alice.page, groupId).getByTestId('conversation-typing')).toHaveText(typing);
  await expect(row(alice.page, groupId).getByTestId('conversation-preview')).toHaveCount(0);
  await alice.page.screenshot({ path: 'test-results/screens/typing-header-and-row.png' });

  // He sends: the line goes at once (his composer says "stopped"), the preview is back.
  await bob.page.getByTestId('composer-input').pressSequentially(' we meet?');
  await bob.page.getByTestId('composer-input').press('Enter');
  await expect(alice.page.getByTestId('message').filter({ hasText: 'Where shall we meet?' })).toHaveCount(1);
  await expect(header(alice.page)).not.toHaveAttribute('data-typing', 'true');
  await expect(row(alice.page, groupId).getByTestId('conversation-typing')).toHaveCount(0);
  await expect(row(alice.page, groupId).getByTestId('conversation-preview')).toHaveText('Where shall we meet?');

  // Clearing the box says "stopped" too.
  await bob.page.getByTestId('composer-input').pressSequentially('Hm');
  await expect(header(alice.page)).toHaveText(typing);
  await bob.page.getByTestId('composer-input').fill('');
  await expect(header(alice.page)).not.toHaveAttribute('data-typing', 'true');

  // A client that says "start typing" and never "stop" (connected all the while): the line
  // shows, then lapses on its own (TYPING_LAPSES_MS in the Netalo adapter: 6 s).
  const scriptedBob = await stage.scripted('bob');
  await scriptedBob.startTyping(groupId);
  await expect(header(alice.page)).toHaveText(typing);
  await expect(row(alice.page, groupId).getByTestId('conversation-typing')).toHaveText(typing);
  const shownAt = Date.now();
  await expect(header(alice.page)).not.toHaveAttribute('data-typing', 'true', { timeout: 20_000 });
  await expect(row(alice.page, groupId).getByTestId('conversation-typing')).toHaveCount(0);
  // It lapsed, it was not stopped: not before ~the lapse time.
  expect(Date.now() - shownAt).toBeGreaterThan(3_000);
});

test('in a group, two typers are named together, in the header and the row', async () => {
  await stage.start();
  const alice = await stage.parley('alice');
  const bob = await stage.scripted('bob');
  const carol = await stage.scripted('carol');
  const scriptedAlice = await stage.scripted('alice');
  const created = await scriptedAlice.ask('create_group', { name: 'Book club', type: 2, occupants_uins: [scriptedAlice.uin, bob.uin, carol.uin] });
  const groupId = String((created.group as { group_id: string }).group_id);
  await bob.ask('accept_group', { group_id: groupId });
  await carol.ask('accept_group', { group_id: groupId });
  await openRow(alice.page, row(alice.page, groupId));

  await bob.startTyping(groupId);
  await expect(header(alice.page)).toHaveText(`${NAMES.bob} is typing…`);
  await carol.startTyping(groupId);
  const both = new RegExp(`^(${NAMES.bob} and ${NAMES.carol}|${NAMES.carol} and ${NAMES.bob}) are typing…$`);
  await expect(header(alice.page)).toHaveText(both);
  await expect(row(alice.page, groupId).getByTestId('conversation-typing')).toHaveText(both);
  await alice.page.screenshot({ path: 'test-results/screens/typing-group.png' });
  await bob.ask('event', { type: 9, group_id: groupId });
  await expect(header(alice.page)).toHaveText(`${NAMES.carol} is typing…`);
});
