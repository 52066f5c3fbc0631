// Joining a group call late, from the "Join" button the group's header offers while the call
// runs without me: Bob, who declined Alice's call to the group "Trio", joins it; Carol, who
// left it, joins again. Each time the mesh grows back to everyone receiving everyone, and when
// the others have left, the call ends for the last one with no camera or microphone left on.
import { expect, test, type Page } from '@playwright/test';
import { expectMediaReleased } from './media';
import { acceptIncoming, callView, dismiss, everyoneReceives, expectEnded, open, placeCall, startCallWorld } from './world';

// A missing button fails at its step, not at the test's timeout.
test.use({ actionTimeout: 15_000 });

async function joinFromHeader(page: Page, conversationId: string): Promise<void> {
  await open(page, conversationId);
  await page.getByTestId('call-join-button').click();
  await expect(callView(page)).toHaveAttribute('data-phase', 'in-call');
}

test('a member who declined joins the running group call from the header', async () => {
  const world = await startCallWorld();
  try {
    const alice = await world.parley('alice');
    const bob = await world.parley('bob');
    const carol = await world.parley('carol');
    const { trio } = world.conversations;

    await test.step('Bob declines, Carol accepts: Alice and Carol are in the call', async () => {
      await placeCall(alice, trio, 'video');
      await expect(bob.getByTestId('incoming-call')).toBeVisible();
      await bob.getByTestId('incoming-decline').click();
      await expect(bob.getByTestId('incoming-call')).toHaveCount(0);
      await acceptIncoming(carol);
      await everyoneReceives(world, { alice, carol });
    });

    await test.step('Bob joins from the header: everyone receives everyone', async () => {
      await joinFromHeader(bob, trio);
      await everyoneReceives(world, { alice, bob, carol });
    });

    await test.step('Alice and Carol leave: the call ends for Bob; nothing stays on', async () => {
      await alice.getByTestId('call-hangup-button').click();
      await expectEnded(alice, 'hung-up');
      await carol.getByTestId('call-hangup-button').click();
      await expectEnded(carol, 'hung-up');
      await expectEnded(bob, 'remote-hung-up');
      for (const page of [alice, bob, carol]) await expectMediaReleased(page);
    });
  } finally {
    await world.close();
  }
});

test('a member who left joins the running group call again from the header', async () => {
  const world = await startCallWorld();
  try {
    const alice = await world.parley('alice');
    const bob = await world.parley('bob');
    const carol = await world.parley('carol');
    const { trio } = world.conversations;

    await test.step('all three are in the call', async () => {
      await placeCall(alice, trio, 'video');
      await acceptIncoming(bob);
      await acceptIncoming(carol);
      await everyoneReceives(world, { alice, bob, carol });
    });

    await test.step('Carol leaves, then joins again from the header: everyone receives everyone again', async () => {
      await carol.getByTestId('call-hangup-button').click();
      await expectEnded(carol, 'hung-up');
      await expectMediaReleased(carol);
      await dismiss(carol);
      await joinFromHeader(carol, trio);
      await everyoneReceives(world, { alice, bob, carol });
    });

    await test.step('Alice and Bob leave: the call ends for Carol; nothing stays on', async () => {
      await alice.getByTestId('call-hangup-button').click();
      await expectEnded(alice, 'hung-up');
      await bob.getByTestId('call-hangup-button').click();
      await expectEnded(bob, 'hung-up');
      await expectEnded(carol, 'remote-hung-up');
      for (const page of [alice, bob, carol]) await expectMediaReleased(page);
    });
  } finally {
    await world.close();
  }
});
