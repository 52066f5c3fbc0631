// Presence: Bob's dot turns green in Alice's list and header when his first connection
// opens and hollow when his last one closes, and the header then says when he was last seen.
import { expect, test } from '@playwright/test';
import { openDirect, send } from '../support/parley';
import { Stage, header, openConversationId, row } from './people';

const stage = new Stage();
test.afterEach(() => stage.stop());

test('a peer’s dot follows his connection in the list and the header; offline, the header says when he was last seen', async () => {
  await stage.start();
  const alice = await stage.parley('alice');
  await openDirect(alice.page, 'netalo', 'bob');
  await send(alice.page, 'Are you around?');
  const groupId = await openConversationId(alice.page);

  // Bob answers once (accepting the request): from then on they may see each other's presence.
  const first = await stage.scripted('bob');
  await first.send(groupId, 'In a bit');
  await expect(alice.page.getByTestId('message').filter({ hasText: 'In a bit' })).toHaveCount(1);
  await first.close();

  const listDot = row(alice.page, groupId).getByTestId('presence-dot');
  const headerDot = alice.page.locator('.conversation-header').getByTestId('presence-dot');
  await expect(listDot).toHaveAttribute('data-online', 'false');
  await expect(headerDot).toHaveAttribute('data-online', 'false');

  // Bob connects: online everywhere.
  const bob = await stage.scripted('bob');
  await expect(listDot).toHaveAttribute('data-online', 'true');
  await expect(headerDot).toHaveAttribute('data-online', 'true');
  await expect(header(alice.page)).toHaveText('Online');
  await alice.page.screenshot({ path: 'test-results/screens/presence-online.png' });

  // His last connection closes: offline, and "last seen".
  await bob.close();
  await expect(listDot).toHaveAttribute('data-online', 'false');
  await expect(headerDot).toHaveAttribute('data-online', 'false');
  await expect(header(alice.page)).toHaveText(/^Last seen (just now|1 minute ago)$/);
  await alice.page.screenshot({ path: 'test-results/screens/presence-last-seen.png' });
});
