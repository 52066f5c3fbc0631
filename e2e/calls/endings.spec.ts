// Calls that never connect, each ending explained on both sides and leaving its line in both
// timelines: Bob declines Alice's call; nobody answers Alice's call within the ring time (the
// server is started with a short one), which ends as no-answer for both and reaches Bob's list
// as an unread missed call.
import { expect, test } from '@playwright/test';
import { expectMediaReleased } from './media';
import { callLines, callView, dismiss, expectEnded, open, placeCall, row, startCallWorld } from './world';

// A missing button fails at its step, not at the test's timeout.
test.use({ actionTimeout: 15_000 });

test('Bob declines: Alice’s call ends as declined, and both timelines say so', async () => {
  const world = await startCallWorld();
  try {
    const alice = await world.parley('alice');
    const bob = await world.parley('bob');
    const { aliceBob } = world.conversations;

    await placeCall(alice, aliceBob, 'audio');
    const incoming = bob.getByTestId('incoming-call');
    await expect(incoming).toBeVisible();
    await expect(incoming).toHaveAttribute('data-call-id', /^\d+$/);
    await incoming.getByTestId('incoming-decline').click();

    await expectEnded(alice, 'declined');
    // Bob declined it himself: the overlay goes, and no ending screen tells him what he did.
    await expect(incoming).toHaveCount(0);
    await expect(callView(bob)).toHaveCount(0);
    await expectMediaReleased(alice, 0);
    await expectMediaReleased(bob, 0);

    await dismiss(alice);
    await expect(callLines(alice)).toHaveCount(1);
    await expect(callLines(alice)).toHaveAttribute('data-outcome', 'declined');
    await open(bob, aliceBob);
    await expect(callLines(bob)).toHaveCount(1);
    await expect(callLines(bob)).toHaveAttribute('data-outcome', 'declined');
  } finally {
    await world.close();
  }
});

test('nobody answers: the call ends as no-answer on both sides and is an unread missed call for Bob', async () => {
  const RING_SECONDS = 3;
  const world = await startCallWorld({ ringSeconds: RING_SECONDS });
  try {
    const alice = await world.parley('alice');
    const bob = await world.parley('bob');
    const { aliceBob, bobCarol } = world.conversations;
    // Bob has read his conversation with Alice and is looking at another one.
    await open(bob, aliceBob);
    await open(bob, bobCarol);
    await expect(row(bob, aliceBob).getByTestId('conversation-unread')).toHaveCount(0);

    await placeCall(alice, aliceBob, 'video');
    await expect(callView(alice)).toHaveAttribute('data-phase', 'ringing');
    await expect(bob.getByTestId('incoming-call')).toBeVisible();

    // The server's ring time (3 s), not main's own 35 s timer, ends it: well inside the wait.
    await expectEnded(alice, 'no-answer');
    // Bob's overlay becomes a card saying he missed it.
    await expect(bob.getByTestId('incoming-call')).toHaveCount(0);
    await expectEnded(bob, 'no-answer');
    await expectMediaReleased(alice, 0);
    await expectMediaReleased(bob, 0);

    await dismiss(alice);
    await expect(callLines(alice)).toHaveCount(1);
    await expect(callLines(alice)).toHaveAttribute('data-outcome', 'missed');
    // Missed, from someone else: unread in Bob's list, previewed as a call.
    await expect(row(bob, aliceBob).getByTestId('conversation-unread')).toHaveText('1');
    await expect(row(bob, aliceBob).getByTestId('conversation-preview')).toContainText(/call/i);
    await dismiss(bob);
    await open(bob, aliceBob);
    await expect(callLines(bob)).toHaveCount(1);
    await expect(callLines(bob)).toHaveAttribute('data-outcome', 'missed');
    await expect(row(bob, aliceBob).getByTestId('conversation-unread')).toHaveCount(0);
  } finally {
    await world.close();
  }
});
