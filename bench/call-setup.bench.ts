// B7, call setup: Alice clicks "Video call" in her Parley → the first frame of Bob's video is
// presented on her page. Each user in their own browser host and Chromium (fake camera and
// microphone); Bob's page accepts through the UI, clicking "Accept with video" the moment the
// incoming-call overlay appears (a MutationObserver in his page), so what is measured is
// Parley's path: the call UI, main, the server's create_call / start_call / answer_call, the
// media session (getUserMedia on both sides, simple-peer loaded and set up) and SDP + ICE
// relayed through the server.
//   subject:  from the click's event time to the first requestVideoFrameCallback of a
//             call-tile-video on Alice's page (page clock)
//   baseline: bench/fixtures/raw-call.html in Alice's Chromium: the same steps with two raw
//             RTCPeerConnections in one page, SDP and candidates handed across directly
//             (both sides' getUserMedia included, as in the subject): start → first frame
// After a warm-up, runs alternate baseline and subject; the median of the per-run ratios with
// their min–max. Each subject run ends the call (Alice hangs up, both dismiss the ending).
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { allowCallDevices, callView, open } from '../e2e/calls/world';
import { signInAccount } from '../e2e/support/parley';
import { freePort, startWebHost, tempDir } from '../e2e/support/processes';
import { scriptedNetaloUser } from '../e2e/support/scripted-netalo-user';
import { QUICK, RUNS, WARMUPS, alternate, openBench, startStack } from './support/bench';
import { TIMELINE, noteCallSteps, takeNotes } from './support/call-timeline';
import { PROFILE, TRACE, profilePages, tracePage } from './support/trace';
import { median, recordFigures, summarise } from './support/results';

const here = dirname(fileURLToPath(import.meta.url));
const started = Date.now();
const log = (what: string) => process.env.PARLEY_BENCH_VERBOSE && console.log(`[call ${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);

/** Alice's page: resolves with the click's time and the first remote frame's, both page clock. */
async function watchFirstFrame(page: Page): Promise<{ collect: () => Promise<{ clickAt: number; frameAt: number; clickWall: number }> }> {
  await page.evaluate(() => {
    type Times = { clickAt: number; frameAt: number; clickWall: number };
    (window as unknown as { __b7: Promise<Times> }).__b7 = new Promise<Times>((resolve, reject) => {
      let clickAt = -1;
      const onClick = (e: Event) => {
        if (!(e.target as Element).closest('[data-testid="call-video-button"]')) return;
        clickAt = e.timeStamp;
        document.removeEventListener('click', onClick, true);
      };
      document.addEventListener('click', onClick, true);
      const timer = setTimeout(() => reject(new Error('no remote frame within 30 s')), 30_000);
      const seen = new WeakSet<HTMLVideoElement>();
      // Every remote video element that appears gets a frame callback: the first presented frame wins.
      const watch = () => {
        for (const v of document.querySelectorAll<HTMLVideoElement>('[data-testid="call-tile-video"]')) {
          if (seen.has(v)) continue;
          seen.add(v);
          v.requestVideoFrameCallback((now) => {
            if (clickAt < 0) return;
            clearTimeout(timer);
            observer.disconnect();
            resolve({ clickAt, frameAt: now, clickWall: performance.timeOrigin + clickAt });
          });
        }
      };
      const observer = new MutationObserver(watch);
      observer.observe(document.body, { subtree: true, childList: true });
      watch();
    });
  });
  return { collect: () => page.evaluate(() => (window as unknown as { __b7: Promise<{ clickAt: number; frameAt: number; clickWall: number }> }).__b7) };
}

/** Bob's page: clicks "Accept with video" as soon as an incoming call shows; records when (shared clock). */
async function autoAccept(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __b7accepts: number[] };
    w.__b7accepts = [];
    const clicked = new WeakSet<Element>();
    const accept = () => {
      const button = document.querySelector<HTMLButtonElement>('[data-testid="incoming-accept-video"]');
      if (!button || clicked.has(button)) return;
      clicked.add(button);
      w.__b7accepts.push(performance.timeOrigin + performance.now());
      button.click();
    };
    new MutationObserver(accept).observe(document.body, { subtree: true, childList: true });
  });
}

test('B7: click Call → first remote video frame, Parley vs two raw RTCPeerConnections in one page', async () => {
  test.setTimeout(QUICK ? 180_000 : 900_000);
  const stack = await startStack('call');
  const bobHost = await startWebHost({ dataDir: tempDir('bench-call-bob-host'), port: await freePort(), serverUrl: stack.server.url });
  const aliceContext = await openBench(tempDir('bench-call-alice'), stack.origin);
  const bobContext = await openBench(tempDir('bench-call-bob'), new URL(bobHost.url).origin);
  // Without this grant ICE finds no candidate (see allowCallDevices).
  await allowCallDevices(aliceContext, stack.origin);
  await allowCallDevices(bobContext, new URL(bobHost.url).origin);
  if (TIMELINE) {
    await noteCallSteps(aliceContext, 'alice');
    await noteCallSteps(bobContext, 'bob');
  }
  const html = readFileSync(join(here, 'fixtures', 'raw-call.html'), 'utf8');
  const bareServer: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
  const barePort = await freePort();
  await new Promise<void>((r) => bareServer.listen(barePort, '127.0.0.1', r));
  try {
    // Alice and Bob have talked before (both wrote), so no request stands before the call.
    const aliceClient = await scriptedNetaloUser(stack.server.url, 'alice', 'alice-parley');
    const bobClient = await scriptedNetaloUser(stack.server.url, 'bob', 'bob-parley');
    const conversation = await aliceClient.direct(bobClient.uin);
    expect((await aliceClient.say(conversation, 'hi Bob')).result).toBe(0);
    expect((await bobClient.say(conversation, 'hi Alice')).result).toBe(0);
    aliceClient.close();
    bobClient.close();

    const a = await aliceContext.newPage();
    await a.goto(stack.host.url);
    await signInAccount(a, { protocol: 'netalo', username: 'alice', password: 'alice-parley' });
    await open(a, conversation);
    const b = await bobContext.newPage();
    await b.goto(bobHost.url);
    await signInAccount(b, { protocol: 'netalo', username: 'bob', password: 'bob-parley' });
    await expect(b.locator('html')).toHaveAttribute('data-parley-ready', 'live');
    await autoAccept(b);
    const bare = await aliceContext.newPage();
    await bare.goto(`http://127.0.0.1:${barePort}/`);
    log('set up');

    /** Per measured run: click → Bob's page clicked accept (the ringing part of the setup). */
    const toAcceptMs: number[] = [];
    const subject = async (run: number): Promise<number> => {
      await a.bringToFront();
      const times = await watchFirstFrame(a);
      const profiling = PROFILE && run >= 0 ? await profilePages([a, b]) : null;
      const tracing = TRACE && run >= 0 ? await tracePage(a) : null;
      await a.getByTestId('call-video-button').click();
      const { clickAt, frameAt, clickWall } = await times.collect();
      await profiling?.(run);
      await tracing?.(`call-run${run}-page0`);
      const accepted = await b.evaluate(() => (window as unknown as { __b7accepts: number[] }).__b7accepts.at(-1)!);
      const ms = frameAt - clickAt;
      if (run >= 0) toAcceptMs.push(accepted - clickWall);
      log(`parley ${run}: ${ms.toFixed(1)} ms (accept clicked at ${(accepted - clickWall).toFixed(1)} ms)`);
      if (TIMELINE) {
        const steps = await takeNotes([a, b], clickWall);
        console.log(`[call timeline, run ${run}] +0 click; accept clicked +${(accepted - clickWall).toFixed(1)}; first frame +${ms.toFixed(1)}\n${steps}`);
      }
      // End the call on both sides before the next run: a call still ongoing would be joined, not placed.
      await a.getByTestId('call-hangup-button').click();
      for (const page of [a, b]) {
        await expect(callView(page)).toHaveAttribute('data-phase', 'ended');
        await page.getByTestId('call-dismiss-button').click();
        await expect(callView(page)).toHaveCount(0);
      }
      return ms;
    };
    const baseline = async (run: number): Promise<number> => {
      await bare.bringToFront();
      const from = await bare.evaluate(() => performance.timeOrigin + performance.now());
      const ms = await bare.evaluate(() => (window as unknown as { rawCall: () => Promise<number> }).rawCall());
      log(`raw ${run}: ${ms.toFixed(1)} ms`);
      // The same notes for the raw pair, to set each of Parley's steps beside the least it can take.
      if (TIMELINE) console.log(`[raw timeline, run ${run}] first frame +${ms.toFixed(1)}\n${await takeNotes([bare], from)}`);
      return ms;
    };

    const runs = await alternate(baseline, subject);
    const subjectMs = runs.subject;
    const s = summarise(subjectMs, runs.baseline);
    recordFigures('call-setup', [
      {
        id: 'B7',
        figure: 'B7 call setup',
        what: `click Video call in Alice's Parley → first frame of Bob's video on her page, Bob accepting through the UI as soon as it rings (${RUNS} runs, ${WARMUPS} warm-up)`,
        subject: `${s.subjectMedian.toFixed(1)} ms`,
        baseline: `${s.baselineMedian.toFixed(1)} ms (two raw RTCPeerConnections in one page, both getUserMedia included)`,
        ratio: s.ratio,
        spread: [s.min, s.max],
        target: '≤ 1.5× and < 1 s',
        meets: s.ratio <= 1.5 && s.subjectMedian < 1000,
        details: { subjectMs, toAcceptMs, toAcceptMedianMs: median(toAcceptMs), baselineMs: runs.baseline },
      },
    ]);
    console.log(JSON.stringify({ subjectMs, baselineMs: runs.baseline, toAcceptMs, ratio: s.ratio }));
  } finally {
    await aliceContext.close();
    await bobContext.close();
    bareServer.close();
    await bobHost.stop();
    await stack.stop();
  }
});
