// A group video call among three Parleys: Alice calls the group "Trio", Bob and Carol accept,
// and every page plays both others' video and receives both others' audio and video (a mesh of
// two connections each). Carol leaves without ending it for the others; when Alice leaves too,
// the call ends for Bob, the last one in it. Every page frees its devices, and one "ended"
// line is in every member's timeline.
import { expect, test } from '@playwright/test';
import { expectMediaReleased } from './media';
import { acceptIncoming, callLines, callView, dismiss, everyoneReceives, expectEnded, open, placeCall, startCallWorld } from './world';

// A missing button fails at its step, not at the test's timeout.
test.use({ actionTimeout: 15_000 });

test('three-person group call: everyone receives everyone; one leaving keeps it going for the others', async () => {
  const world = await startCallWorld();
  try {
    const alice = await world.parley('alice');
    const bob = await world.parley('bob');
    const carol = await world.parley('carol');
    const { trio } = world.conversations;
    const pages = { alice, bob, carol };

    await test.step('Alice calls the group; Bob and Carol both ring and accept', async () => {
      await placeCall(alice, trio, 'video');
      await expect(bob.getByTestId('incoming-call')).toBeVisible();
      await expect(carol.getByTestId('incoming-call')).toBeVisible();
      await acceptIncoming(bob);
      await acceptIncoming(carol);
      await expect(callView(alice)).toHaveAttribute('data-phase', 'in-call');
    });

    await test.step('every page has two tiles with playing video and receives both others', async () => {
      await everyoneReceives(world, pages);
    });

    await test.step('Carol leaves: the call goes on between Alice and Bob; her devices are freed', async () => {
      await carol.getByTestId('call-hangup-button').click();
      await expectEnded(carol, 'hung-up');
      await expectMediaReleased(carol);
      await everyoneReceives(world, { alice, bob });
    });

    await test.step('Alice leaves: the call ends for Bob, the last one; nothing stays on', async () => {
      await alice.getByTestId('call-hangup-button').click();
      await expectEnded(alice, 'hung-up');
      await expectEnded(bob, 'remote-hung-up');
      for (const page of Object.values(pages)) await expectMediaReleased(page);
    });

    await test.step('one “ended” line in every member’s timeline', async () => {
      for (const page of Object.values(pages)) {
        await dismiss(page);
        await open(page, trio);
        await expect(callLines(page)).toHaveCount(1);
        await expect(callLines(page)).toHaveAttribute('data-outcome', 'ended');
      }
    });
  } finally {
    await world.close();
  }
});
