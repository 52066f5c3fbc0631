// Calls that meet other calls and vanishing peers: Carol calls Bob while he is in a call with
// Alice and hears "busy" at once (Bob's call goes on, undisturbed, and the busy call is an
// unread line for him); Bob's page closes in the middle of a call and Alice's call ends,
// explained, with her camera and microphone off.
import { expect, test } from '@playwright/test';
import { expectMediaReleased, expectReceivingFrom, expectVideoPlaying } from './media';
import { acceptIncoming, callLines, callView, dismiss, expectEnded, open, placeCall, row, startCallWorld, tile } from './world';

// A missing button fails at its step, not at the test's timeout.
test.use({ actionTimeout: 15_000 });

test('busy: Carol calls Bob while he is in a call with Alice; her call ends busy at once', async () => {
  const world = await startCallWorld();
  try {
    const alice = await world.parley('alice');
    const bob = await world.parley('bob');
    const carol = await world.parley('carol');
    const { aliceBob, bobCarol, trio } = world.conversations;
    // Bob has read Carol's conversation and looks at another one.
    await open(bob, bobCarol);
    await open(bob, trio);

    await placeCall(alice, aliceBob, 'video');
    await acceptIncoming(bob);
    await expectVideoPlaying(tile(alice, world.uins.bob!).getByTestId('call-tile-video'));

    await placeCall(carol, bobCarol, 'video');
    // "At once": long before any ring time could end it.
    await expect(callView(carol)).toHaveAttribute('data-end-reason', 'busy', { timeout: 5_000 });
    await expectEnded(carol, 'busy');
    await expectMediaReleased(carol, 0);

    // Bob's call was never interrupted: no overlay, still in the call, still receiving.
    await expect(bob.getByTestId('incoming-call')).toHaveCount(0);
    await expect(callView(bob)).toHaveAttribute('data-phase', 'in-call');
    await expectReceivingFrom(bob, 1);
    await expectVideoPlaying(tile(bob, world.uins.alice!).getByTestId('call-tile-video'));

    await dismiss(carol);
    await expect(callLines(carol)).toHaveCount(1);
    await expect(callLines(carol)).toHaveAttribute('data-outcome', 'busy');
    await expect(row(bob, bobCarol).getByTestId('conversation-unread')).toHaveText('1');

    await alice.getByTestId('call-hangup-button').click();
    await expectEnded(bob, 'remote-hung-up');
    await expectMediaReleased(bob);
  } finally {
    await world.close();
  }
});

test('Bob’s page closes mid-call: Alice’s call ends, explained, and her devices are freed', async () => {
  const world = await startCallWorld();
  try {
    const alice = await world.parley('alice');
    const bob = await world.parley('bob');
    const { aliceBob } = world.conversations;

    await placeCall(alice, aliceBob, 'video');
    await acceptIncoming(bob);
    await expectVideoPlaying(tile(alice, world.uins.bob!).getByTestId('call-tile-video'));
    await expectReceivingFrom(alice, 1);

    await bob.close();
    // Main hangs up for the window that held the call (reason quit): for Alice, Bob hung up.
    await expectEnded(alice, 'remote-hung-up');
    await expectMediaReleased(alice);

    await dismiss(alice);
    await expect(callLines(alice)).toHaveCount(1);
    await expect(callLines(alice)).toHaveAttribute('data-outcome', 'ended');
  } finally {
    await world.close();
  }
});
