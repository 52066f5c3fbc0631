// The world the call specs run in: the real reference server (IDs above 2^53), one browser
// host and one Chromium (fake camera and microphone, loopback peer connections) per Parley user,
// each page recording its local tracks and peer connections (media.ts). The conversations are
// made beforehand by plain Netalo clients and accepted by everyone, so no request banner stands
// between a user and the call buttons: Alice ↔ Bob, Carol ↔ Bob, and the group "Trio".
import { expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { openParley } from '../support/browser';
import { freePort, startServer, startWebHost, tempDir, type Running } from '../support/processes';
import { scriptedNetaloUser, type ScriptedUser } from '../support/scripted-netalo-user';
import { expectReceivingFrom, expectVideoPlaying, recordMedia } from './media';

export const PASSWORDS: Record<string, string> = { alice: 'alice-parley', bob: 'bob-parley', carol: 'carol-parley' };

export interface CallWorld {
  serverUrl: string;
  /** Each demo user's Netalo uin (what a call tile's data-user-id holds). */
  uins: Record<string, string>;
  /** Conversation IDs: direct ones by both names in alphabetical order, and the group. */
  conversations: { aliceBob: string; bobCarol: string; trio: string };
  /** Parley for `username`, signed in and live: a page in its own browser host and Chromium. */
  parley(username: string): Promise<Page>;
  close(): Promise<void>;
}

export async function startCallWorld(opts: { ringSeconds?: number } = {}): Promise<CallWorld> {
  const extraArgs = opts.ringSeconds === undefined ? [] : ['--call-ring-seconds', String(opts.ringSeconds)];
  const server: Running = await startServer({ dataDir: tempDir('server'), extraArgs });
  const hosts: Running[] = [];
  const contexts: BrowserContext[] = [];
  const users: Record<string, ScriptedUser> = {};
  try {
    for (const name of ['alice', 'bob', 'carol']) users[name] = await scriptedNetaloUser(server.url, name, PASSWORDS[name]!);
    const { alice, bob, carol } = users as Record<'alice' | 'bob' | 'carol', ScriptedUser>;
    const said = async (user: ScriptedUser, groupId: string, text: string) => {
      const answer = await user.say(groupId, text);
      if (answer.result !== 0) throw new Error(`create_message answered ${JSON.stringify(answer)}`);
    };
    // Writing into a conversation accepts it: both sides of each have written.
    const aliceBob = await alice.direct(bob.uin);
    await said(alice, aliceBob, 'hi Bob');
    await said(bob, aliceBob, 'hi Alice');
    const bobCarol = await carol.direct(bob.uin);
    await said(carol, bobCarol, 'hi Bob, Carol here');
    await said(bob, bobCarol, 'hi Carol');
    const created = await alice.ask('create_group', { type: 2, name: 'Trio', owner_uin: alice.uin, occupants_uins: [alice.uin, bob.uin, carol.uin] });
    if (created.result !== 0) throw new Error(`create_group answered ${JSON.stringify(created)}`);
    const trio = String((created.group as { group_id: string }).group_id);
    for (const [name, user] of Object.entries(users)) await said(user, trio, `${name} in the trio`);
    const uins = { alice: alice.uin, bob: bob.uin, carol: carol.uin };

    return {
      serverUrl: server.url,
      uins,
      conversations: { aliceBob, bobCarol, trio },
      async parley(username) {
        const host = await startWebHost({ dataDir: tempDir(`${username}-host`), port: await freePort(), serverUrl: server.url });
        hosts.push(host);
        const origin = new URL(host.url).origin;
        const context = await openParley(tempDir(`${username}-profile`), origin);
        contexts.push(context);
        await allowCallDevices(context, origin);
        await recordMedia(context);
        const page = await context.newPage();
        await page.goto(host.url);
        await page.getByTestId('signin-username').fill(username);
        await page.getByTestId('signin-password').fill(PASSWORDS[username]!);
        await page.getByTestId('signin-submit').click();
        await expect(page.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'online');
        await expect(page.locator('html')).toHaveAttribute('data-parley-ready', 'live');
        return page;
      },
      async close() {
        for (const c of contexts) await c.close().catch(() => {});
        for (const h of hosts) await h.stop();
        await server.stop();
      },
    };
  } catch (e) {
    await server.stop();
    throw e;
  } finally {
    for (const user of Object.values(users)) user.close();
  }
}

/**
 * Camera and microphone granted to Parley's origin, as a user allowing them would. Needed
 * beyond the fake-UI flag: openParley grants `notifications` through CDP, which denies every
 * permission not listed for that origin; getUserMedia still succeeds under the fake UI, but
 * Chromium then hides the host's addresses behind mDNS names that nothing resolves in a
 * loopback-only namespace, so ICE gathers no candidate at all and no call ever connects.
 * (Playwright merges this with the notifications grant.)
 */
export async function allowCallDevices(context: BrowserContext, origin: string): Promise<void> {
  await context.grantPermissions(['camera', 'microphone'], { origin });
}

/** A row of the conversation list by conversation ID. */
export function row(page: Page, conversationId: string): Locator {
  return page.locator(`[data-testid="conversation-item"][data-conversation-id="${conversationId}"]`);
}

/** Opens a conversation from the list and waits for it to be the one shown. */
export async function open(page: Page, conversationId: string): Promise<void> {
  await row(page, conversationId).click();
  await expect(page.getByTestId('conversation-view')).toHaveAttribute('data-conversation-id', conversationId);
}

/** The call screen. */
export function callView(page: Page): Locator {
  return page.getByTestId('call-view');
}

/** The tile of another participant in the call screen. */
export function tile(page: Page, uin: string): Locator {
  return page.locator(`[data-testid="call-tile"][data-user-id="${uin}"]`);
}

/** Opens the conversation and places a call from its header: the call screen opens (in whatever phase: a busy call ends at once). */
export async function placeCall(page: Page, conversationId: string, media: 'audio' | 'video'): Promise<void> {
  await open(page, conversationId);
  await page.getByTestId(media === 'video' ? 'call-video-button' : 'call-audio-button').click();
  await expect(callView(page)).toBeVisible();
}

/** Accepts the incoming call shown on `page` (with video, unless said otherwise). */
export async function acceptIncoming(page: Page, media: 'audio' | 'video' = 'video'): Promise<void> {
  const incoming = page.getByTestId('incoming-call');
  await expect(incoming).toBeVisible();
  await incoming.getByTestId(media === 'video' ? 'incoming-accept-video' : 'incoming-accept-audio').click();
  await expect(incoming).toHaveCount(0);
  await expect(callView(page)).toHaveAttribute('data-phase', 'in-call');
}

/** The call screen has ended, for the reason given, and says why in words. */
export async function expectEnded(page: Page, reason: string | RegExp): Promise<void> {
  await expect(callView(page)).toHaveAttribute('data-phase', 'ended');
  await expect(callView(page)).toHaveAttribute('data-end-reason', reason);
  await expect(page.getByTestId('call-status-text')).not.toHaveText('');
}

/**
 * Closes an ending screen. It also closes itself a few seconds after the ending (CallEnded's
 * ENDING_SCREEN_MS), so by now it may be gone: either way, no call screen is left.
 */
export async function dismiss(page: Page): Promise<void> {
  const button = page.getByTestId('call-dismiss-button');
  if (await button.isVisible()) await button.click({ timeout: 2_000 }).catch(() => {});
  await expect(callView(page)).toHaveCount(0);
}

/** The call lines of the open conversation. */
export function callLines(page: Page): Locator {
  return page.getByTestId('call-line');
}

/**
 * Each page in `pages` (by user name) is in the call with exactly the others in `pages`: a
 * joined, connected tile of each with their video playing, and the browser receiving their
 * audio and video. Tiles may stay for members not in the call (declined, left), marked so by
 * their data-state: only joined ones count.
 */
export async function everyoneReceives(world: CallWorld, pages: Record<string, Page>): Promise<void> {
  for (const [name, page] of Object.entries(pages)) {
    const peers = Object.keys(pages).filter((n) => n !== name);
    await expect(page.locator('[data-testid="call-tile"][data-state="joined"]'), `${name}'s joined tiles`).toHaveCount(peers.length);
    for (const peer of peers) {
      const peerTile = tile(page, world.uins[peer]!);
      await expect(peerTile, `${name}'s tile of ${peer}`).toHaveAttribute('data-state', 'joined');
      await expect(peerTile, `${name}'s tile of ${peer}`).toHaveAttribute('data-connection', 'connected');
      await expectVideoPlaying(peerTile.getByTestId('call-tile-video'));
    }
    await expectReceivingFrom(page, peers.length);
  }
}
