// Typing in the store: each state keeps its expiresAt (so the view can stop showing it
// itself), a `false` ends it, and an account that loses its connection shows none.
import { describe, expect, it } from 'vitest';
import { conversationRef, type TypingState } from '../contract';
import { createFakeParleyApi } from '../testing/fakeParleyApi';
import { ALICE, ALICE_TALKER, BOB_ID, CAPABILITIES, PROTOCOLS } from '../testing/harness';
import { applyStoreBatch, type StoreBatch } from './batch';
import { createParleyStore, type ParleyState, type ParleyStore } from './index';

const CAROL_ID = '1003';
const typing = (userId: string, on: boolean, accountId = ALICE.id, expiresAt?: number): TypingState => ({
  accountId,
  conversationId: '5',
  userId,
  typing: on,
  ...(expiresAt !== undefined ? { expiresAt } : {}),
});

function signedIn(): ParleyStore {
  const store = createParleyStore(createFakeParleyApi().api);
  apply(store, {
    accountOps: [
      {
        type: 'session',
        protocols: PROTOCOLS,
        accounts: [ALICE, ALICE_TALKER].map((account) => ({ account, connection: 'online' as const, capabilities: CAPABILITIES })),
      },
    ],
  });
  return store;
}
function apply(store: ParleyStore, batch: StoreBatch): ParleyState {
  store.setState(applyStoreBatch(store.getState(), batch));
  return store.getState();
}

describe('typing in the store', () => {
  it('keeps each typer’s expiresAt (Infinity when the protocol gives none); a false removes only that typer', () => {
    const store = signedIn();
    let s = apply(store, { typing: [typing(BOB_ID, true, ALICE.id, 50_000), typing(CAROL_ID, true)] });
    expect(s.typing[conversationRef(ALICE.id, '5')]).toEqual({ [BOB_ID]: 50_000, [CAROL_ID]: Number.POSITIVE_INFINITY });
    s = apply(store, { typing: [typing(BOB_ID, true, ALICE.id, 53_000)] }); // renewed
    expect(s.typing[conversationRef(ALICE.id, '5')]![BOB_ID]).toBe(53_000);
    s = apply(store, { typing: [typing(BOB_ID, false)] });
    expect(s.typing[conversationRef(ALICE.id, '5')]).toEqual({ [CAROL_ID]: Number.POSITIVE_INFINITY });
  });

  it('an account that goes offline or connecting shows no typing (no "stopped" can reach it); the other account’s stays', () => {
    const store = signedIn();
    apply(store, { typing: [typing(BOB_ID, true), typing(BOB_ID, true, ALICE_TALKER.id)] });
    let s = apply(store, { accountOps: [{ type: 'connection', accountId: ALICE.id, state: 'offline' }] });
    expect(Object.keys(s.typing)).toEqual([conversationRef(ALICE_TALKER.id, '5')]);
    // Typing that arrives once it is back online shows again.
    s = apply(store, { accountOps: [{ type: 'connection', accountId: ALICE.id, state: 'online' }], typing: [typing(CAROL_ID, true)] });
    expect(s.typing[conversationRef(ALICE.id, '5')]).toEqual({ [CAROL_ID]: Number.POSITIVE_INFINITY });
  });
});
