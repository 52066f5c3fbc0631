// "After any sequence of messages, reads, mutes and reconnects the badge equals the sum of
// the conversation counts": a seeded random sequence against the reference server (a child
// process, IDs above 2^53), with Parley's real core behind a TCP proxy. Other people write
// into three 1:1 conversations and a group; Alice reads (online and offline), mutes and
// unmutes, loses her connection (while people keep writing) and restarts Parley. After every
// step settles (awaited on the core's own events, never a sleep), each conversation's count
// equals the server's unread_cnt, and the badge equals the sum over the conversations that
// are neither muted nor requests, as the core reports it and as the server reports it.

import { describe, expect, it } from 'vitest';
import { compareIds, type Conversation } from '../../../contract/domain';
import { send, signUp } from '../../../server/test/support';
import { isOffline, isOnline } from './core-harness';
import { after, messageWithId, parleyAs, person, reopen, serverWorld, type Parley, type Person } from './conversation-world';
import { serverBundleForFile } from './server-process';
import { startTcpProxy } from './tcp-proxy';
import { tempDirsForFile } from './temp-dirs';

const tempDir = tempDirsForFile();
const { bundle: serverBundle, cleanups } = serverBundleForFile();

const SEED = 20_260_006;
const STEPS = 48;

/** mulberry32: a tiny seeded PRNG, so a failing sequence can be replayed exactly. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Tracked {
  id: string;
  members: Person[];
  muted: boolean;
}

describe('the unread badge', () => {
  it(`equals the sum of the counts and the server's, after a random sequence of ${STEPS} steps (seed ${SEED})`, async () => {
    const { url, port } = await serverWorld(serverBundle(), tempDir('badge-server'), cleanups);
    const proxy = await startTcpProxy(port);
    cleanups.push(() => proxy.close());
    const people = [await person(url, cleanups), await person(url, cleanups), await person(url, cleanups)];
    const aliceUser = await signUp(url);
    let alice: Parley = await parleyAs(proxy.url, aliceUser, tempDir('badge-alice'), cleanups);
    // Alice's second session, straight to the server: what the server says, and when it has heard a read.
    const serverSide = await person(url, cleanups, aliceUser);
    const rand = random(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
    const log: string[] = [];

    const conversations: Tracked[] = [];
    const say = async (c: Tracked, who: Person, text: string, online = true) => {
      const m = await send(who.socket, c.id, text);
      if (online) await alice.core.waitFor(messageWithId(m.message_id));
      return m;
    };
    for (const p of people) {
      const direct = await alice.core.call<Conversation>('conversations.openDirect', { accountId: alice.accountId, userId: p.uin });
      const c: Tracked = { id: direct.id, members: [p], muted: false };
      conversations.push(c);
      await say(c, p, 'hello'); // writing accepts it: nobody here is a request
    }
    const group = await alice.core.call<Conversation>('conversations.createGroup', { accountId: alice.accountId, title: 'Everyone', memberIds: people.map((p) => p.uin) });
    conversations.push({ id: group.id, members: people, muted: false });

    const count = (c: Tracked) => alice.core.core.runtime(alice.accountId)!.unread.count(c.id);

    async function check(step: number): Promise<void> {
      const where = `step ${step} (${log.at(-1)}); seed ${SEED}`;
      const groups = (await serverSide.ask('list_group', { pindex: 0, psize: 100, sort_by: 1 })).groups as Array<Record<string, unknown>>;
      let serverTotal = 0;
      let sum = 0;
      for (const c of conversations) {
        const g = groups.find((x) => x.group_id === c.id);
        const serverCount = (g?.unread_cnt as number | undefined) ?? 0;
        expect(count(c), `${where}: ${c.id}`).toBe(serverCount);
        expect(((g?.muted_uins as string[] | undefined) ?? []).includes(aliceUser.uin), where).toBe(c.muted);
        if (!c.muted && g?.accepted !== false) serverTotal += serverCount;
        if (!c.muted) sum += count(c);
      }
      expect(sum, where).toBe(serverTotal);
      expect(alice.core.core.unreadTotal(), where).toBe(serverTotal);
      // And what the windows were last told.
      await alice.core.waitUntil((seen) => {
        const last = [...seen].reverse().find((e) => e.name === 'unread.changed');
        return (last?.name === 'unread.changed' ? last.payload.total : 0) === serverTotal;
      });
    }

    /** Back online after a cut or a restart; a sentinel message proves the resync has been applied. */
    async function settleAfterReconnect(step: number): Promise<void> {
      const c = pick(conversations);
      await say(c, pick(c.members), `sentinel ${step}`);
    }

    /** The newest message this run of Parley has shown in the conversation, as the window would mark it. */
    function newestShown(c: Tracked): { id: string; sentAt: number } | undefined {
      let newest: { id: string; sentAt: number } | undefined;
      for (const e of alice.core.seen) {
        if (e.name !== 'message.upserted' || e.payload.message.conversationId !== c.id || !e.payload.message.id) continue;
        const { id, sentAt } = e.payload.message;
        if (!newest || compareIds(id, newest.id) > 0) newest = { id, sentAt };
      }
      return newest;
    }

    async function read(c: Tracked, online: boolean): Promise<void> {
      const upTo = newestShown(c)!;
      const heard = online ? serverSide.next('update_group', (g) => g.group_id === c.id && g.unread_cnt === 0) : undefined;
      await alice.core.call('conversations.markRead', { accountId: alice.accountId, conversationId: c.id, upToMessageId: upTo.id, upToSentAt: upTo.sentAt });
      await heard;
    }

    const kinds = { message: 0, read: 0, offlineRead: 0, mute: 0, reconnect: 0, restart: 0 };
    for (let step = 1; step <= STEPS; step++) {
      const roll = rand();
      const forced = step === 16 ? 'reconnect' : step === 32 ? 'restart' : undefined;
      const unread = conversations.filter((c) => count(c) > 0 && newestShown(c));
      const kind = forced ?? (roll < 0.5 ? 'message' : roll < 0.7 ? (unread.length ? 'read' : 'message') : roll < 0.85 ? 'mute' : roll < 0.95 ? 'reconnect' : 'restart');
      if (kind === 'message') {
        const c = pick(conversations);
        const who = pick(c.members);
        log.push(`${who.username} writes in ${c.id}`);
        await say(c, who, `step ${step}`);
      } else if (kind === 'read') {
        const c = pick(unread);
        log.push(`Alice reads ${c.id}`);
        await read(c, true);
      } else if (kind === 'mute') {
        const c = pick(conversations);
        c.muted = !c.muted;
        log.push(`Alice ${c.muted ? 'mutes' : 'unmutes'} ${c.id}`);
        await alice.core.call('conversations.setMuted', { accountId: alice.accountId, conversationId: c.id, muted: c.muted });
      } else if (kind === 'reconnect') {
        log.push('Alice loses her connection');
        const offline = after(alice.core, isOffline(alice.accountId));
        proxy.mode = 'refuse';
        proxy.cutAll();
        await offline;
        // While she is away: people write, and she reads what she had (the server hears it later).
        for (let n = Math.floor(rand() * 4); n > 0; n--) {
          const c = pick(conversations);
          await say(c, pick(c.members), `while away ${step}.${n}`, false);
        }
        const readable = conversations.filter((c) => count(c) > 0 && newestShown(c));
        if (readable.length && rand() < 0.6) {
          kinds.offlineRead++;
          await read(pick(readable), false);
        }
        const online = after(alice.core, isOnline(alice.accountId));
        proxy.mode = 'pass';
        await alice.core.call('connection.retry', { accountId: alice.accountId });
        await online;
        await settleAfterReconnect(step);
      } else {
        log.push('Parley restarts');
        await alice.core.stop();
        for (let n = Math.floor(rand() * 3); n > 0; n--) {
          const c = pick(conversations);
          await say(c, pick(c.members), `while closed ${step}.${n}`, false);
        }
        alice = await reopen(alice, cleanups);
        await settleAfterReconnect(step);
      }
      kinds[kind]++;
      await check(step);
    }
    // The sequence exercised every kind of step.
    expect(Object.values(kinds).every((n) => n > 0), JSON.stringify(kinds)).toBe(true);
  }, 120_000);
});
