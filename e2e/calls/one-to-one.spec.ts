// A 1:1 video call end to end, each user in their own Parley (browser host + Chromium with a
// fake camera and microphone): Alice calls Bob from the conversation header, sees "Ringing",
// Bob accepts with video from the incoming-call overlay, and each page plays the other's video
// (frames advancing) while the browser's statistics show audio and video arriving. Alice's
// mute and camera-off show on Bob's tile of her. Alice hangs up: both calls end, every local
// track on both pages is stopped and every peer connection closed, and the call's line
// ("ended") is in both timelines. And an audio call becomes video when Bob agrees to Alice's
// request, his camera going on over the same connection.
import { expect, test } from '@playwright/test';
import { expectMediaReleased, expectReceivingFrom, expectVideoPlaying, peerConnectionsOpened } from './media';
import { acceptIncoming, callLines, callView, dismiss, expectEnded, open, placeCall, startCallWorld, tile } from './world';

// A missing button fails at its step, not at the test's timeout.
test.use({ actionTimeout: 15_000 });

test('a video call: both see each other, mute and camera-off reach the other side, hang-up ends both and frees the devices', async () => {
  const world = await startCallWorld();
  try {
    const alice = await world.parley('alice');
    const bob = await world.parley('bob');
    const { aliceBob } = world.conversations;

    await test.step('Alice calls; Bob’s Parley rings and Alice sees it ring', async () => {
      await placeCall(alice, aliceBob, 'video');
      await expect(bob.getByTestId('incoming-call')).toBeVisible();
      await expect(callView(alice)).toHaveAttribute('data-phase', 'ringing');
    });

    await test.step('Bob accepts with video: each plays the other’s video, and media arrives both ways', async () => {
      await acceptIncoming(bob, 'video');
      await expect(callView(alice)).toHaveAttribute('data-phase', 'in-call');
      for (const [page, other] of [
        [alice, world.uins.bob!],
        [bob, world.uins.alice!],
      ] as const) {
        await expect(page.getByTestId('call-tile')).toHaveCount(1);
        await expect(tile(page, other)).toHaveAttribute('data-state', 'joined');
        await expect(tile(page, other)).toHaveAttribute('data-video-on', 'true');
        await expect(callView(page)).toHaveAttribute('data-connection', 'connected');
        await expect(page.getByTestId('local-preview')).toBeVisible();
        const size = await expectVideoPlaying(tile(page, other).getByTestId('call-tile-video'));
        expect(size.width).toBeGreaterThan(0);
        expect(size.height).toBeGreaterThan(0);
        await expectReceivingFrom(page, 1);
        await expect(page.getByTestId('call-duration')).toHaveText(/^\d+:\d\d$/);
      }
    });

    await test.step('Alice mutes and turns her camera off: Bob’s tile of her shows both; then back on', async () => {
      const aliceOnBob = tile(bob, world.uins.alice!);
      await expect(aliceOnBob).toHaveAttribute('data-audio-muted', 'false');
      await alice.getByTestId('call-mute-button').click();
      await expect(alice.getByTestId('call-mute-button')).toHaveAttribute('aria-pressed', 'true');
      await expect(aliceOnBob).toHaveAttribute('data-audio-muted', 'true');

      await expect(alice.getByTestId('call-camera-button')).toHaveAttribute('aria-pressed', 'true');
      await alice.getByTestId('call-camera-button').click();
      await expect(alice.getByTestId('call-camera-button')).toHaveAttribute('aria-pressed', 'false');
      await expect(aliceOnBob).toHaveAttribute('data-video-on', 'false');

      await alice.getByTestId('call-mute-button').click();
      await alice.getByTestId('call-camera-button').click();
      await expect(aliceOnBob).toHaveAttribute('data-audio-muted', 'false');
      await expect(aliceOnBob).toHaveAttribute('data-video-on', 'true');
      // The camera is back through the same connection: her video plays again on Bob's page.
      await expectVideoPlaying(aliceOnBob.getByTestId('call-tile-video'));
    });

    await test.step('Alice hangs up: both calls end, and neither page keeps a track or a connection', async () => {
      await alice.getByTestId('call-hangup-button').click();
      await expectEnded(alice, 'hung-up');
      await expectEnded(bob, 'remote-hung-up');
      await expectMediaReleased(alice);
      await expectMediaReleased(bob);
    });

    await test.step('the call’s line, “ended”, is in both timelines', async () => {
      await dismiss(alice);
      await dismiss(bob);
      await expect(callLines(alice)).toHaveCount(1);
      await expect(callLines(alice)).toHaveAttribute('data-outcome', 'ended');
      await open(bob, aliceBob);
      await expect(callLines(bob)).toHaveCount(1);
      await expect(callLines(bob)).toHaveAttribute('data-outcome', 'ended');
    });
  } finally {
    await world.close();
  }
});

test('an audio call turns into video when Bob agrees to Alice’s request', async () => {
  const world = await startCallWorld();
  try {
    const alice = await world.parley('alice');
    const bob = await world.parley('bob');
    const bobOnAlice = tile(alice, world.uins.bob!);

    await placeCall(alice, world.conversations.aliceBob, 'audio');
    await acceptIncoming(bob, 'audio');
    await expect(callView(alice)).toHaveAttribute('data-connection', 'connected');
    await expect(bobOnAlice).toHaveAttribute('data-video-on', 'false');
    await expect(bob.getByTestId('call-camera-button')).toHaveAttribute('aria-pressed', 'false');

    // Alice asks (event 4); Bob is asked and agrees: his camera goes on over the same connection.
    await alice.getByTestId('call-request-video').click();
    await bob.getByTestId('video-request-accept').click();
    await expect(bob.getByTestId('call-camera-button')).toHaveAttribute('aria-pressed', 'true');
    await expect(bobOnAlice).toHaveAttribute('data-video-on', 'true');
    await expectVideoPlaying(bobOnAlice.getByTestId('call-tile-video'));
    expect(await peerConnectionsOpened(alice)).toBe(1);
    expect(await peerConnectionsOpened(bob)).toBe(1);

    await bob.getByTestId('call-hangup-button').click();
    await expectEnded(bob, 'hung-up');
    await expectEnded(alice, 'remote-hung-up');
    await expectMediaReleased(alice);
    await expectMediaReleased(bob);
  } finally {
    await world.close();
  }
});
