// Editing and deleting my own messages between two Parleys: Alice edits inline (Escape
// cancels, Enter saves) and Bob's page shows the new text and "edited" live, still after his
// Parley restarts; Alice deletes after confirming and both sides show the placeholder. Bob's
// message offers Alice neither action, by hover or by right-click. With the server gone, a
// save is refused inline in words, and the edit stays open.
import { expect, test, type Page } from '@playwright/test';
import { openDirect, openRow, send } from '../support/parley';
import { Stage, openConversationId, row } from '../presence/people';

const stage = new Stage();
test.afterEach(() => stage.stop());

const SENT = /^(sent|delivered|read)$/;
const bubble = (page: Page, text: string | RegExp) => page.getByTestId('message').filter({ hasText: text });
/** By server ID: an open editor hides the text a `hasText` filter would look for. */
async function byId(page: Page, text: string) {
  const id = await bubble(page, text).getAttribute('data-message-id');
  expect(id).toBeTruthy();
  return page.locator(`[data-testid="message"][data-message-id="${id}"]`);
}

test('alice edits and deletes her own messages; bob sees both live and after a restart; nothing is offered on his', async () => {
  await stage.start();
  const alice = await stage.parley('alice');
  await openDirect(alice.page, 'netalo', 'bob');
  await send(alice.page, 'See you at 5');
  await send(alice.page, 'Bring snacks');
  const groupId = await openConversationId(alice.page);

  const bob = await stage.parley('bob');
  await openRow(bob.page, row(bob.page, groupId));
  await bob.page.getByTestId('request-accept').click();
  await send(bob.page, 'Sounds good');
  await expect(bubble(alice.page, 'Sounds good')).toHaveCount(1);
  await expect(bubble(alice.page, 'See you at 5')).toHaveAttribute('data-status', SENT);
  await expect(bubble(alice.page, 'Bring snacks')).toHaveAttribute('data-status', SENT);
  const mine = await byId(alice.page, 'See you at 5');
  const snacks = await byId(alice.page, 'Bring snacks');

  // Bob's message: no Edit or Delete for Alice, neither on hover nor on right-click.
  const his = bubble(alice.page, 'Sounds good');
  await his.hover();
  await expect(his.getByTestId('message-actions')).toHaveCount(0);
  await expect(his.getByTestId('message-edit')).toHaveCount(0);
  await his.click({ button: 'right' });
  await expect(alice.page.getByTestId('message-menu')).toHaveCount(0);
  // Nor does Bob get them on Alice's messages.
  await bubble(bob.page, 'See you at 5').hover();
  await expect(bob.page.getByTestId('message-actions')).toHaveCount(1); // his own "Sounds good" only
  await expect(bubble(bob.page, 'See you at 5').getByTestId('message-actions')).toHaveCount(0);

  // Alice opens the editor from the hover action; Escape cancels and changes nothing.
  await mine.hover();
  await alice.page.screenshot({ path: 'test-results/screens/message-hover-actions.png' });
  await mine.getByTestId('message-edit').click();
  const editor = mine.getByTestId('message-editor-input');
  await expect(editor).toBeFocused();
  await expect(editor).toHaveValue('See you at 5');
  await editor.press('Escape');
  await expect(mine.getByTestId('message-editor')).toHaveCount(0);
  await expect(mine.getByTestId('message-text')).toHaveText('See you at 5');
  await expect(mine.getByTestId('message-edited')).toHaveCount(0);

  // Again from the context menu: Shift+Enter adds a line, Enter saves.
  await mine.click({ button: 'right' });
  await expect(alice.page.getByTestId('message-menu-edit')).toBeFocused();
  await alice.page.screenshot({ path: 'test-results/screens/message-context-menu.png' });
  await alice.page.getByTestId('message-menu-edit').click();
  await expect(editor).toBeFocused();
  await editor.press('Control+a');
  await editor.pressSequentially('See you at 6');
  await editor.press('Shift+Enter');
  await editor.pressSequentially('  by the fountain');
  await alice.page.screenshot({ path: 'test-results/screens/message-inline-edit.png' });
  await editor.press('Enter');
  const edited = mine;
  await expect(edited.getByTestId('message-text')).toHaveText('See you at 6\n  by the fountain');
  await expect(edited.getByTestId('message-edited')).toHaveText('edited');

  // Bob's page: live.
  const bobsCopy = bubble(bob.page, 'See you at 6');
  await expect(bobsCopy.getByTestId('message-text')).toHaveText('See you at 6\n  by the fountain');
  await expect(bobsCopy.getByTestId('message-edited')).toBeVisible();
  await expect(bubble(bob.page, 'See you at 5')).toHaveCount(0);

  // Bob's Parley restarts: still edited.
  await bob.page.reload();
  await openRow(bob.page, row(bob.page, groupId));
  await expect(bubble(bob.page, 'See you at 6').getByTestId('message-text')).toHaveText('See you at 6\n  by the fountain');
  await expect(bubble(bob.page, 'See you at 6').getByTestId('message-edited')).toBeVisible();

  // Alice deletes it after confirming: a placeholder on both sides, and no more actions on it.
  await edited.hover();
  await edited.getByTestId('message-delete').click();
  await expect(alice.page.getByTestId('confirm-dialog')).toBeVisible();
  await alice.page.getByTestId('confirm-accept').click();
  await expect(alice.page.getByTestId('confirm-dialog')).toHaveCount(0);
  const deleted = (page: Page) => page.getByTestId('message').filter({ has: page.locator('.message__text--deleted') });
  await expect(deleted(alice.page).getByTestId('message-text')).toHaveText('This message was deleted.');
  await expect(deleted(bob.page).getByTestId('message-text')).toHaveText('This message was deleted.');
  await expect(bubble(bob.page, 'See you at 6')).toHaveCount(0);
  await expect(deleted(alice.page).getByTestId('message-actions')).toHaveCount(0);
  await expect(deleted(alice.page).getByTestId('message-edited')).toHaveCount(0);
  await alice.page.mouse.move(0, 0);
  await alice.page.screenshot({ path: 'test-results/screens/message-deleted-alice.png' });
  await bob.page.screenshot({ path: 'test-results/screens/message-deleted-bob.png' });

  // And after Bob's restart, still deleted.
  await bob.page.reload();
  await openRow(bob.page, row(bob.page, groupId));
  await expect(deleted(bob.page).getByTestId('message-text')).toHaveText('This message was deleted.');

  // The server is gone: saving is refused inline, in words, and the edit stays open.
  await stage.server.stop();
  await expect(alice.page.getByTestId('composer-offline-note')).toBeVisible();
  await snacks.hover();
  await snacks.getByTestId('message-edit').click();
  await snacks.getByTestId('message-editor-input').pressSequentially(' and drinks');
  await snacks.getByTestId('message-editor-input').press('Enter');
  await expect(snacks.getByTestId('message-editor-error')).toContainText('Not saved:');
  await expect(snacks.getByTestId('message-editor-input')).toHaveValue('Bring snacks and drinks');
  await alice.page.screenshot({ path: 'test-results/screens/message-edit-offline.png' });
});
