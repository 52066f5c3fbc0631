// A start shows each online account's first page of conversations, when the host has
// answered it by then (host/early-answers.ts asks it with the session), in the same step as
// the cache: a first start shows the server's rows at once, never an empty list first
// (bench B1, fresh profile). A page not there yet is never waited for.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ParleyClient } from '../client/ParleyClient';
import type { Result } from '../contract';
import { ParleyDb } from '../db/database';
import { askEarly } from '../host/early-answers';
import { createFakeParleyApi, ok } from '../testing/fakeParleyApi';
import { ALICE, PROTOCOLS, conversation, freshDbName } from '../testing/harness';

async function startClient(list: () => Promise<Result<{ items: ReturnType<typeof conversation>[] }>>) {
  const fake = createFakeParleyApi();
  const capabilities = PROTOCOLS.find((p) => p.protocol === ALICE.protocol)!.capabilities;
  fake.handle('session.get', () => ok({ protocols: PROTOCOLS, accounts: [{ account: ALICE, connection: 'online', capabilities }] }));
  fake.handle('conversations.list', list);
  fake.handle('messages.pending', () => ok([]));
  // As main.tsx does: the session and the first pages are asked before the client's code is
  // there, and the client's code arrives once they have answered (or, below, not yet).
  const early = askEarly(fake.api);
  await early.session;
  await new Promise((resolve) => setTimeout(resolve, 0));
  const client = new ParleyClient({
    api: early.api,
    db: new ParleyDb(freshDbName()),
    onError: (e) => {
      throw e;
    },
  });
  /** How many conversations the store held when the session was first shown. */
  const atFirstShow: number[] = [];
  client.store.subscribe((state, before) => {
    if (state.phase !== before.phase) atFirstShow.push(Object.keys(state.conversationsByRef).length);
  });
  return { fake, client, atFirstShow };
}

describe('the first page of conversations at start', () => {
  it('is shown with the cache in the start’s one step when it has answered, and asked for once', async () => {
    const { fake, client, atFirstShow } = await startClient(async () => ok({ items: [conversation('s1', 50)] }));
    await client.start();
    expect(atFirstShow).toEqual([1]);
    await client.idle();
    // The account's refresh took the same answer instead of asking again.
    expect(fake.callsTo('conversations.list')).toHaveLength(1);
    expect(Object.keys(client.store.getState().conversationsByRef)).toHaveLength(1);
    client.stop();
  });

  it('is never waited for: the cache shows first, and the page when it answers', async () => {
    let answer: (result: Result<{ items: ReturnType<typeof conversation>[] }>) => void = () => undefined;
    const { fake, client, atFirstShow } = await startClient(() => new Promise((resolve) => (answer = resolve)));
    await client.start();
    expect(atFirstShow).toEqual([0]);
    answer(ok({ items: [conversation('s1', 50)] }));
    await client.idle();
    expect(Object.keys(client.store.getState().conversationsByRef)).toHaveLength(1);
    expect(fake.callsTo('conversations.list')).toHaveLength(1);
    client.stop();
  });
});
