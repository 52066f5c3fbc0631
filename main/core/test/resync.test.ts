// The resync walk on its own, against a scripted adapter (a named fake: the end-to-end
// behaviour is in faults.test.ts against the real server): where it starts, how it pages,
// what it reports gone, and that positions persist.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChangePage, ConversationData, MessageData, ProtocolAdapter } from '../adapter';
import { createMemoryLogger } from '../logger';
import { resyncAccount } from '../resync';
import { SyncPositions } from '../sync-positions';

const dir = mkdtempSync(join(tmpdir(), 'parley-test-resync-'));
const opened: SyncPositions[] = [];
afterAll(async () => {
  // Closed first: a save still pending would write (and so recreate the folder) after the rm.
  await Promise.all(opened.map((p) => p.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function openPositions(name: string): Promise<SyncPositions> {
  const positions = await SyncPositions.open(join(dir, name), createMemoryLogger());
  opened.push(positions);
  return positions;
}

function conversation(id: string): ConversationData {
  return { id, kind: 'direct', title: id, memberIds: [], lastActivityAt: 0, unreadCount: 0, muted: false, pinned: false } as unknown as ConversationData;
}

function message(conversationId: string, id: string): MessageData {
  return { conversationId, id, senderId: 'peer', kind: 'text', text: `m${id}`, sentAt: Number(id), status: 'sent' };
}

/** A fake adapter whose server holds `changes` per conversation (positions = message ids). */
function scriptedAdapter(conversations: string[], changes: Record<string, string[]>, opts: { feed?: boolean } = {}) {
  const calls: string[] = [];
  const adapter = {
    async listConversations() {
      return { items: conversations.map(conversation) };
    },
    ...(opts.feed === false
      ? {}
      : {
          async listChanges(req: { conversationId: string; after?: string; limit: number }): Promise<ChangePage> {
            calls.push(`${req.conversationId}>${req.after ?? 'head'}`);
            const all = changes[req.conversationId] ?? [];
            if (req.after === undefined) return { items: [], more: false, ...(all.length ? { head: all.at(-1)! } : {}) };
            const after = BigInt(req.after);
            const newer = all.filter((p) => BigInt(p) > after);
            const page = newer.slice(0, req.limit);
            return { items: page.map((p) => ({ message: message(req.conversationId, p), position: p })), more: newer.length > page.length };
          },
        }),
  } as unknown as ProtocolAdapter;
  return { adapter, calls };
}

async function run(adapter: ProtocolAdapter, positions: SyncPositions) {
  const got: string[] = [];
  const gone: string[] = [];
  await resyncAccount({
    adapter,
    positions,
    onConversation: () => undefined,
    onMessage: async (m, position) => {
      got.push(`${m.conversationId}:${m.id}`);
      if (position) positions.advance(m.conversationId, position);
    },
    onConversationGone: (id) => gone.push(id),
  });
  return { got, gone };
}

describe('resyncAccount', () => {
  it('starts at the head after a fresh sign-in, then catches up from there; a conversation new since then is all news', async () => {
    const positions = await openPositions('a.json');
    const first = scriptedAdapter(['c1'], { c1: ['10', '11'] });
    expect((await run(first.adapter, positions)).got).toEqual([]); // history is not news
    expect(positions.get('c1')).toBe('11');

    const second = scriptedAdapter(['c1', 'c2'], { c1: ['10', '11', '12', '13'], c2: ['5', '6'] });
    const { got } = await run(second.adapter, positions);
    expect(got.sort()).toEqual(['c1:12', 'c1:13', 'c2:5', 'c2:6']);
    expect(second.calls).toContain('c1>11');
    expect(second.calls).toContain('c2>0');
  });

  it('pages through long gaps and persists its positions across a restart', async () => {
    const positions = await openPositions('b.json');
    await run(scriptedAdapter(['c1'], { c1: ['1'] }).adapter, positions);
    const many = Array.from({ length: 250 }, (_, i) => String(i + 2));
    const { got } = await run(scriptedAdapter(['c1'], { c1: ['1', ...many] }).adapter, positions);
    expect(got).toHaveLength(250);
    await positions.close();
    const reopened = await openPositions('b.json');
    expect(reopened.primed).toBe(true);
    expect(reopened.get('c1')).toBe('251');
  });

  it('reports a synced conversation that the complete list no longer holds, and only where the list is membership', async () => {
    const positions = await openPositions('c.json');
    await run(scriptedAdapter(['c1', 'c2'], { c1: ['1'], c2: ['2'] }).adapter, positions);
    expect((await run(scriptedAdapter(['c1'], { c1: ['1'] }).adapter, positions)).gone).toEqual(['c2']);
    const noFeed = await openPositions('d.json');
    noFeed.advance('c9', '1');
    noFeed.markPrimed();
    expect((await run(scriptedAdapter([], {}, { feed: false }).adapter, noFeed)).gone).toEqual([]);
  });
});
