// Looks at the call screens: builds the renderer, serves dist/renderer (with the ringtone
// drawn as scripts/build.mjs does), injects the CALLS SCREENSHOT FAKE (calls-fake-parley.ts)
// as `window.parley`, and saves PNGs of an outgoing call (calling, ringing), the incoming
// card, a 1:1 video call, an audio call with the request for video, a group call of three
// others, every ending screen, the header's Join and the timeline's call lines.
// Usage (from the repo root): node renderer/dev/screenshots-calls.mjs [outDir=/tmp/parley-shots-calls]

import { chromium } from '@playwright/test';
import { build as esbuild } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import { drawRingtone } from '../../scripts/draw-ringtone.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = process.argv[2] ?? '/tmp/parley-shots-calls';
mkdirSync(outDir, { recursive: true });

await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
drawRingtone(join(root, 'dist/renderer/sounds'));
const server = await preview({ configFile: join(root, 'vite.config.ts'), preview: { port: 4175, strictPort: true } });
const url = 'http://127.0.0.1:4175/';
const fake = await esbuild({ entryPoints: [join(root, 'renderer/dev/calls-fake-parley.ts')], bundle: true, format: 'iife', platform: 'browser', write: false });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--autoplay-policy=no-user-gesture-required',
  ],
});

async function newPage(colorScheme = 'light') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', colorScheme });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && console.log('[page]', m.text()));
  page.on('pageerror', (e) => console.log('[pageerror]', e.message));
  await page.addInitScript(fake.outputFiles[0].text);
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.parleyReady === 'live');
  return page;
}
const shot = async (page, name) => {
  // Cards slide in: wait for every animation that ends (not the endless pulse) before the picture.
  await page.evaluate(() => Promise.all(document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity).map((a) => a.finished)));
  const path = join(outDir, `${name}.png`);
  await page.screenshot({ path });
  console.log('saved', path);
};
const open = async (page, id) => {
  await page.locator(`[data-testid="conversation-item"][data-conversation-id="${id}"]`).click();
  await page.locator(`[data-testid="conversation-view"][data-conversation-id="${id}"]`).waitFor();
};
const fakeCall = (page, method, ...args) => page.evaluate(([m, a]) => window.callFake[m](...a), [method, args]);
const view = (page, attrs = '') => page.locator(`[data-testid="call-view"]${attrs}`);
/** Every remote video shows frames (the peers connected through the fake). */
const videosPlaying = (page) =>
  page.waitForFunction(() => {
    const videos = [...document.querySelectorAll('[data-testid="call-tile-video"]')];
    return videos.length > 0 && videos.every((v) => v.videoWidth > 0 && v.readyState >= 2);
  });
const dismiss = async (page) => {
  await page.getByTestId('call-dismiss-button').click();
  await view(page).waitFor({ state: 'detached' });
};

try {
  const page = await newPage();

  // The timeline's call lines and the list's previews.
  await open(page, 'c-bob');
  await page.getByTestId('call-line').first().waitFor();
  await shot(page, 'c01-timeline-call-lines');

  // An outgoing video call: calling, ringing, then in call.
  await page.getByTestId('call-video-button').click();
  await view(page, '[data-phase="calling"]').waitFor();
  await shot(page, 'c02-outgoing-calling');
  await fakeCall(page, 'ring');
  await view(page, '[data-phase="ringing"]').waitFor();
  await shot(page, 'c03-outgoing-ringing');
  await fakeCall(page, 'accept', ['1002']);
  await view(page, '[data-connection="connected"]').waitFor();
  await videosPlaying(page);
  await page.getByTestId('local-preview').waitFor();
  await shot(page, 'c04-in-call-video');
  await page.getByTestId('call-mute-button').click();
  await page.locator('[data-testid="call-mute-button"][aria-pressed="true"]').waitFor();
  await page.getByTestId('call-devices-button').click();
  await page.getByTestId('device-microphone').waitFor();
  await shot(page, 'c05-in-call-devices-muted');
  await page.keyboard.press('Escape');
  await page.getByTestId('call-devices').waitFor({ state: 'detached' });
  await fakeCall(page, 'media', '1002', { audioMuted: true, videoOn: false });
  await page.locator('[data-testid="call-tile"][data-video-on="false"]').waitFor();
  await shot(page, 'c06-in-call-peer-camera-off');
  await page.getByTestId('call-hangup-button').click();
  await view(page, '[data-end-reason="hung-up"]').waitFor();
  await shot(page, 'c07-ended-hung-up');
  await dismiss(page);

  // An incoming audio call: the card (and its ringtone), then an audio-only call.
  await open(page, 'c-carol');
  await fakeCall(page, 'incoming', '1003', 'c-carol', 'audio');
  await page.getByTestId('incoming-call').waitFor();
  await page.getByTestId('ringtone').waitFor({ state: 'attached' });
  await shot(page, 'c08-incoming-audio');
  await page.getByTestId('incoming-accept-audio').click();
  await view(page, '[data-connection="connected"]').waitFor();
  if ((await page.getByTestId('ringtone').count()) !== 0) throw new Error('the ringtone plays on after the answer');
  await shot(page, 'c09-in-call-audio');
  await fakeCall(page, 'askForVideo', '1003');
  await page.getByTestId('video-request-accept').waitFor();
  await shot(page, 'c10-video-request');
  await page.getByTestId('video-request-accept').click();
  await page.getByTestId('local-preview').waitFor();
  await fakeCall(page, 'media', '1003', { videoOn: true });
  await videosPlaying(page);
  await shot(page, 'c11-audio-call-turned-video');
  await fakeCall(page, 'end', 'remote-hung-up');
  await view(page, '[data-end-reason="remote-hung-up"]').waitFor();
  await shot(page, 'c12-ended-remote-hung-up');
  await dismiss(page);

  // An incoming video call in a group.
  await open(page, 'c-bob');
  await fakeCall(page, 'incoming', '1004', 'g-hike', 'video');
  await page.getByTestId('incoming-call').waitFor();
  await shot(page, 'c13-incoming-group-video');
  await page.getByTestId('incoming-decline').click();
  await page.getByTestId('incoming-call').waitFor({ state: 'detached' });

  // A group video call with three others: one with the camera off, one muted.
  await open(page, 'g-hike');
  await page.getByTestId('call-video-button').click();
  await fakeCall(page, 'ring');
  await fakeCall(page, 'accept', ['1002', '1003']);
  await fakeCall(page, 'accept', ['1004'], { audioMuted: true });
  await fakeCall(page, 'media', '1003', { videoOn: false });
  await view(page, '[data-connection="connected"]').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="call-tile"][data-state="joined"]').length === 3);
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid="call-tile"][data-video-on="true"] video')].every((v) => v.videoWidth > 0 && v.readyState >= 2),
  );
  await shot(page, 'c14-group-three-others');
  // I leave; the others go on: the ending, then "Join" in the header.
  await fakeCall(page, 'end', 'hung-up', { ongoing: true });
  await view(page, '[data-phase="ended"]').waitFor();
  await dismiss(page);
  await page.getByTestId('call-join-button').waitFor();
  await shot(page, 'c15-group-join');

  // Every ending of a call I placed.
  await open(page, 'c-dan');
  const outgoing = [
    ['declined', false],
    ['no-answer', false],
    ['busy', false],
    ['hung-up', false],
    ['failed', true],
    ['signed-out', true],
    ['full', false],
    ['unavailable', false],
  ];
  for (const [reason, answered] of outgoing) {
    await page.getByTestId('call-audio-button').click();
    await view(page, '[data-phase="calling"]').waitFor();
    if (answered) {
      await fakeCall(page, 'accept', ['1004']);
      await view(page, '[data-phase="in-call"]').waitFor();
    }
    await fakeCall(page, 'end', reason);
    await view(page, `[data-end-reason="${reason}"]`).waitFor();
    await shot(page, `c2x-ended-outgoing-${reason}`);
    await dismiss(page);
  }
  // The endings of calls that only rang here: a card over the conversation.
  for (const reason of ['cancelled', 'no-answer', 'answered-elsewhere']) {
    await fakeCall(page, 'incoming', '1002', 'c-bob', 'video');
    await page.getByTestId('incoming-call').waitFor();
    await fakeCall(page, 'end', reason);
    await view(page, `[data-end-reason="${reason}"]`).waitFor();
    await shot(page, `c3x-ended-incoming-${reason}`);
    await dismiss(page);
  }

  // Dark: the incoming card and the timeline.
  const dark = await newPage('dark');
  await open(dark, 'c-bob');
  await dark.getByTestId('call-line').first().waitFor();
  await fakeCall(dark, 'incoming', '1002', 'c-bob', 'video');
  await dark.getByTestId('incoming-call').waitFor();
  await shot(dark, 'c40-dark-incoming-timeline');
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}
