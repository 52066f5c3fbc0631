// The store's one reducer: accounts coming and going, what leaves with them, and how fresh
// the data on screen is. Pure functions, driven without a cache or a client.
import { describe, expect, it } from 'vitest';
import { conversationRef, type AccountStatus, type Conversation, type TypingState } from '../contract';
import type { StoredMessage } from '../db/database';
import { emptyWriteResult, type WriteResult } from '../db/writer';
import { createFakeParleyApi } from '../testing/fakeParleyApi';
import { ALICE, ALICE_TALKER, BOB_ID, CAPABILITIES, PROTOCOLS, conversation, incoming } from '../testing/harness';
import { applyStoreBatch, reduceAccounts, type AccountOp, type StoreBatch } from './batch';
import { FRESH_HISTORY, LIVE_SLACK, WINDOW_MAX, type ThreadHistory } from './historySlice';
import { createParleyStore, type ParleyState, type ParleyStore } from './index';
import type { AccountsState } from './sessionSlice';

const status = (account = ALICE, connection: AccountStatus['connection'] = 'online'): AccountStatus => ({ account, connection, capabilities: CAPABILITIES });
const NETALO = status(ALICE);
const TALKER = status(ALICE_TALKER);
const refA = (id: string) => conversationRef(ALICE.id, id);
const refT = (id: string) => conversationRef(ALICE_TALKER.id, id);

const initialAccounts = (): AccountsState => ({
  phase: 'starting',
  protocols: [],
  accounts: {},
  accountOrder: [],
  knownAccounts: {},
  sessionEndedNotices: [],
  startError: null,
});

/** Deeply frozen: a reducer that mutates its input throws. */
function frozen<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) frozen(v);
  }
  return value;
}

const row = (message: ReturnType<typeof incoming>, rev = 1): StoredMessage => ({ ...message, key: `i:${message.id}`, rev });
const written = (over: Partial<WriteResult>): WriteResult => ({ ...emptyWriteResult(), ...over });

function newStore(): ParleyStore {
  return createParleyStore(createFakeParleyApi().api);
}
function apply(store: ParleyStore, batch: StoreBatch): ParleyState {
  store.setState(applyStoreBatch(store.getState(), batch));
  return store.getState();
}

describe('reduceAccounts', () => {
  it('starts from session.get: protocols, accounts in main’s order, signed in (or out when there are none)', () => {
    const s = reduceAccounts(frozen(initialAccounts()), [{ type: 'session', protocols: PROTOCOLS, accounts: [TALKER, NETALO] }]);
    expect(s.phase).toBe('signed-in');
    expect(s.protocols).toBe(PROTOCOLS);
    expect(s.accountOrder).toEqual([ALICE_TALKER.id, ALICE.id]);
    expect(s.accounts[ALICE.id]).toBe(NETALO);
    expect(s.knownAccounts).toEqual({ [ALICE.id]: ALICE, [ALICE_TALKER.id]: ALICE_TALKER });

    const none = reduceAccounts(frozen(initialAccounts()), [{ type: 'session', protocols: PROTOCOLS, accounts: [], error: 'no key' }]);
    expect(none).toMatchObject({ phase: 'signed-out', accountOrder: [], startError: 'no key' });
  });

  it('stays starting while only events arrive before session.get answers', () => {
    const s = reduceAccounts(frozen(initialAccounts()), [{ type: 'connection', accountId: ALICE.id, state: 'online' }]);
    expect(s.phase).toBe('starting');
    expect(s.accounts).toEqual({});
  });

  it('adds an account without dropping the others, once, and removes only the one signed out', () => {
    const start = frozen(reduceAccounts(initialAccounts(), [{ type: 'session', protocols: PROTOCOLS, accounts: [NETALO] }]));
    const added = frozen(reduceAccounts(start, [{ type: 'added', status: TALKER }, { type: 'added', status: { ...TALKER, connection: 'connecting' } }]));
    expect(added.accountOrder).toEqual([ALICE.id, ALICE_TALKER.id]);
    expect(added.accounts[ALICE_TALKER.id]!.connection).toBe('connecting');
    expect(added.accounts[ALICE.id]).toBe(NETALO);

    const removed = reduceAccounts(added, [{ type: 'removed', accountId: ALICE.id }]);
    expect(removed.accountOrder).toEqual([ALICE_TALKER.id]);
    expect(Object.keys(removed.accounts)).toEqual([ALICE_TALKER.id]);
    expect(removed.phase).toBe('signed-in');
    expect(removed.sessionEndedNotices).toEqual([]); // signing out is not a session that ended

    expect(reduceAccounts(removed, [{ type: 'removed', accountId: ALICE_TALKER.id }]).phase).toBe('signed-out');
  });

  it('an ended session removes the account and leaves one notice naming it; signing in again clears it', () => {
    const start = frozen(reduceAccounts(initialAccounts(), [{ type: 'session', protocols: PROTOCOLS, accounts: [NETALO, TALKER] }]));
    const ops: AccountOp[] = [
      { type: 'ended', accountId: ALICE.id, reason: 'expired', message: 'expired' },
      // main's accounts.changed follows without the account: the notice stays
      { type: 'accounts', accounts: [TALKER] },
      { type: 'ended', accountId: ALICE.id, reason: 'conflict', message: 'signed in elsewhere' },
    ];
    const ended = frozen(reduceAccounts(start, ops));
    expect(ended.accountOrder).toEqual([ALICE_TALKER.id]);
    expect(ended.sessionEndedNotices).toEqual([{ accountId: ALICE.id, account: ALICE, reason: 'conflict', message: 'signed in elsewhere' }]);
    expect(ended.knownAccounts[ALICE.id]).toBe(ALICE);

    const talkerEnded = frozen(reduceAccounts(ended, [{ type: 'ended', accountId: ALICE_TALKER.id, reason: 'expired', message: 'bye' }]));
    expect(talkerEnded.phase).toBe('signed-out');
    expect(talkerEnded.sessionEndedNotices.map((n) => [n.accountId, n.account?.displayName])).toEqual([
      [ALICE.id, 'Alice'],
      [ALICE_TALKER.id, 'alice'],
    ]);

    const back = reduceAccounts(talkerEnded, [{ type: 'added', status: NETALO }]);
    expect(back.sessionEndedNotices.map((n) => n.accountId)).toEqual([ALICE_TALKER.id]);
    const backByEvent = reduceAccounts(talkerEnded, [{ type: 'accounts', accounts: [TALKER] }]);
    expect(backByEvent.sessionEndedNotices.map((n) => n.accountId)).toEqual([ALICE.id]);
  });

  it('a notice for an account this run never saw has no name', () => {
    const s = reduceAccounts(frozen(initialAccounts()), [
      { type: 'session', protocols: PROTOCOLS, accounts: [NETALO] },
      { type: 'ended', accountId: 'stranger', reason: 'expired', message: 'x' },
    ]);
    expect(s.sessionEndedNotices).toEqual([{ accountId: 'stranger', account: null, reason: 'expired', message: 'x' }]);
    expect(s.accountOrder).toEqual([ALICE.id]);
  });

  it('changes one account’s connection and detail, ignores unknown accounts', () => {
    const start = frozen(reduceAccounts(initialAccounts(), [{ type: 'session', protocols: PROTOCOLS, accounts: [NETALO, TALKER] }]));
    const offline = frozen(reduceAccounts(start, [{ type: 'connection', accountId: ALICE.id, state: 'offline', detail: 'server down' }, { type: 'connection', accountId: 'nobody', state: 'online' }]));
    expect(offline.accounts[ALICE.id]).toMatchObject({ connection: 'offline', detail: 'server down' });
    expect(offline.accounts[ALICE_TALKER.id]).toBe(TALKER);
    expect(Object.keys(offline.accounts)).toHaveLength(2);
    const online = reduceAccounts(offline, [{ type: 'connection', accountId: ALICE.id, state: 'online' }]);
    expect(online.accounts[ALICE.id]).toEqual({ ...NETALO, connection: 'online' });
    expect('detail' in online.accounts[ALICE.id]!).toBe(false);
  });
});

describe('applyStoreBatch', () => {
  function twoAccounts(): ParleyStore {
    const store = newStore();
    const typing = (accountId: string, conversationId: string): TypingState => ({ accountId, conversationId, userId: BOB_ID, typing: true });
    apply(store, {
      accountOps: [{ type: 'session', protocols: PROTOCOLS, accounts: [NETALO, TALKER] }],
      written: written({
        loadedConversations: [conversation('5', 10), conversation('5', 20, { accountId: ALICE_TALKER.id }), conversation('6', 30, { accountId: ALICE_TALKER.id })],
        synced: [ALICE.id, ALICE_TALKER.id],
      }),
      threads: [
        { ref: refA('5'), rows: [row(incoming('5', '1', 'netalo', 1))] },
        { ref: refT('5'), rows: [row(incoming('5', '1', 'talker', 1, ALICE_TALKER.id))] },
      ],
      typing: [typing(ALICE.id, '5'), typing(ALICE_TALKER.id, '5')],
      cacheShown: true,
      ui: { openConversationRef: refT('5') },
    });
    return store;
  }

  it('keeps two accounts’ conversation "5" and thread "5" apart', () => {
    const s = twoAccounts().getState();
    expect(Object.keys(s.conversationsByRef).sort()).toEqual([refA('5'), refT('5'), refT('6')].sort());
    expect(s.threads[refA('5')]!.byKey['i:1']!.text).toBe('netalo');
    expect(s.threads[refT('5')]!.byKey['i:1']!.text).toBe('talker');
    expect(Object.keys(s.typing).sort()).toEqual([refA('5'), refT('5')].sort());
  });

  it('an account that leaves takes its conversations, threads, typing and open conversation with it', () => {
    const store = twoAccounts();
    store.getState().setAccountFilter(ALICE_TALKER.id);
    expect(store.getState().accountFilter).toBe(ALICE_TALKER.id);
    const before = store.getState();
    const s = apply(store, { accountOps: [{ type: 'ended', accountId: ALICE_TALKER.id, reason: 'conflict', message: 'signed in elsewhere' }] });
    expect(s.accountOrder).toEqual([ALICE.id]);
    expect(Object.keys(s.conversationsByRef)).toEqual([refA('5')]);
    expect(Object.keys(s.threads)).toEqual([refA('5')]);
    expect(Object.keys(s.typing)).toEqual([refA('5')]);
    expect(s.openConversationRef).toBeNull();
    expect(s.accountFilter).toBeNull();
    expect(s.syncedThisRun).toEqual({ [ALICE.id]: true });
    expect(s.sessionEndedNotices).toEqual([{ accountId: ALICE_TALKER.id, account: ALICE_TALKER, reason: 'conflict', message: 'signed in elsewhere' }]);
    // What stays is the same object: nothing re-renders for it.
    expect(s.conversationsByRef[refA('5')]).toBe(before.conversationsByRef[refA('5')]);
    expect(s.threads[refA('5')]).toBe(before.threads[refA('5')]);
  });

  it('an account that leaves takes its presence with it; the other account’s stays', () => {
    const store = twoAccounts();
    const before = apply(store, {
      presence: [
        { accountId: ALICE.id, userId: BOB_ID, online: true },
        { accountId: ALICE_TALKER.id, userId: BOB_ID, online: true },
        { accountId: ALICE_TALKER.id, userId: '7', online: false },
      ],
    });
    expect(Object.keys(before.presence).sort()).toEqual([`${ALICE.id}#${BOB_ID}`, `${ALICE_TALKER.id}#${BOB_ID}`, `${ALICE_TALKER.id}#7`].sort());
    const s = apply(store, { accountOps: [{ type: 'removed', accountId: ALICE_TALKER.id }] });
    expect(Object.keys(s.presence)).toEqual([`${ALICE.id}#${BOB_ID}`]);
    expect(s.presence[`${ALICE.id}#${BOB_ID}`]).toBe(before.presence[`${ALICE.id}#${BOB_ID}`]);
  });

  it('keeps the open conversation and the filter when another account leaves', () => {
    const store = twoAccounts();
    store.getState().setAccountFilter(ALICE_TALKER.id);
    const s = apply(store, { accountOps: [{ type: 'removed', accountId: ALICE.id }] });
    expect(s.openConversationRef).toBe(refT('5'));
    expect(s.accountFilter).toBe(ALICE_TALKER.id);
    expect(Object.keys(s.conversationsByRef).sort()).toEqual([refT('5'), refT('6')]);
  });

  it('the last account leaving signs out and closes the dialogs', () => {
    const store = twoAccounts();
    store.getState().setAddingAccount({ protocol: 'talker' });
    const s = apply(store, { accountOps: [{ type: 'removed', accountId: ALICE.id }, { type: 'removed', accountId: ALICE_TALKER.id }] });
    expect(s).toMatchObject({ phase: 'signed-out', conversationsByRef: {}, threads: {}, typing: {}, openConversationRef: null, addingAccount: null, dataState: 'none' });
  });

  it('shows nothing of an account that is not signed in: conversations, thread rows, typing, presence', () => {
    const store = twoAccounts();
    const s = apply(store, {
      accountOps: [{ type: 'removed', accountId: ALICE_TALKER.id }],
      written: written({ conversations: [conversation('7', 40, { accountId: ALICE_TALKER.id }), conversation('8', 50)] }),
      threads: [{ ref: refT('7'), rows: [row(incoming('7', '1', 'x', 1, ALICE_TALKER.id))] }],
      typing: [{ accountId: ALICE_TALKER.id, conversationId: '7', userId: BOB_ID, typing: true }],
      presence: [{ accountId: ALICE_TALKER.id, userId: BOB_ID, online: true }, { accountId: ALICE.id, userId: BOB_ID, online: true }],
    });
    expect(Object.keys(s.conversationsByRef).sort()).toEqual([refA('5'), refA('8')]);
    expect(Object.keys(s.threads)).toEqual([refA('5')]);
    expect(Object.keys(s.typing)).toEqual([refA('5')]);
    expect(Object.keys(s.presence)).toEqual([`${ALICE.id}#${BOB_ID}`]);
  });

  it('merges written rows into open threads only, by rev, and drops removed keys and removed conversations', () => {
    const store = twoAccounts();
    const shown = store.getState().threads[refA('5')]!.byKey['i:1']!;
    const s = apply(store, {
      written: written({
        messages: [
          { ...shown, text: 'stale', rev: 0 },
          row(incoming('5', '2', 'new', 2)),
          row(incoming('9', '1', 'not open', 3)),
        ],
        removedMessages: [{ ref: refT('5'), key: 'i:1' }],
        removedConversations: [refT('6')],
      }),
    });
    expect(s.threads[refA('5')]!.keys).toEqual(['i:1', 'i:2']);
    expect(s.threads[refA('5')]!.byKey['i:1']).toBe(shown);
    expect(s.threads[refT('5')]!.keys).toEqual([]);
    expect(s.threads[conversationRef(ALICE.id, '9')]).toBeUndefined();
    expect(s.conversationsByRef[refT('6')]).toBeUndefined();
    // Removing the open conversation closes it.
    const closed = apply(store, { written: written({ removedConversations: [refT('5')] }) });
    expect(closed.openConversationRef).toBeNull();
    expect(closed.threads[refT('5')]).toBeUndefined();
  });

  it('live rows that grow a window read at its bottom past its bound drop its oldest rows in the same batch; elsewhere it grows', () => {
    const ref = refA('5');
    const burst = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => row(incoming('5', String(from + i), `m${from + i}`, from + i)));
    const grown = (history: Partial<ThreadHistory>) => {
      const store = twoAccounts();
      store.setState({ history: { [ref]: { ...FRESH_HISTORY, ...history } } });
      apply(store, { written: written({ messages: burst(2, WINDOW_MAX + LIVE_SLACK - 1) }) });
      // Exactly at the bound: nothing is dropped yet.
      expect(store.getState().threads[ref]!.keys).toHaveLength(WINDOW_MAX + LIVE_SLACK);
      return apply(store, { written: written({ messages: burst(WINDOW_MAX + LIVE_SLACK + 1, 3) }) });
    };

    const read = grown({ atBottom: true });
    const keys = read.threads[ref]!.keys;
    expect(keys).toHaveLength(WINDOW_MAX);
    expect(keys[keys.length - 1]).toBe(`i:${WINDOW_MAX + LIVE_SLACK + 3}`);
    expect(keys[0]).toBe(`i:${LIVE_SLACK + 4}`);
    expect(Object.keys(read.threads[ref]!.byKey)).toHaveLength(WINDOW_MAX);
    // What was dropped is in the cache: scrolling up reads it again.
    expect(read.history[ref]!.older).toBe('cache');
    expect(read.history[ref]!.atBottom).toBe(true);

    // Scrolled up, or a page being read into it: every row stays.
    for (const elsewhere of [{ atBottom: false }, { atBottom: true, loading: 'older' as const }]) {
      expect(grown(elsewhere).threads[ref]!.keys).toHaveLength(WINDOW_MAX + LIVE_SLACK + 3);
    }
  });

  it('data goes none → cache → live: live only when every online account synced this run', () => {
    const store = newStore();
    expect(store.getState().dataState).toBe('none');
    // Signed in but the cache is not shown yet.
    let s = apply(store, { accountOps: [{ type: 'session', protocols: PROTOCOLS, accounts: [NETALO, status(ALICE_TALKER, 'connecting')] }] });
    expect(s.dataState).toBe('none');
    s = apply(store, { cacheShown: true });
    expect(s.dataState).toBe('cache');
    s = apply(store, { written: written({ synced: [ALICE.id] }) });
    expect(s.dataState).toBe('live'); // talker is not online: only Netalo counts
    // talker comes online: its data is from the cache until it syncs.
    s = apply(store, { accountOps: [{ type: 'connection', accountId: ALICE_TALKER.id, state: 'online' }] });
    expect(s.dataState).toBe('cache');
    s = apply(store, { written: written({ synced: [ALICE_TALKER.id] }) });
    expect(s.dataState).toBe('live');
    // Going offline later does not make live data older.
    s = apply(store, { accountOps: [{ type: 'connection', accountId: ALICE.id, state: 'offline' }, { type: 'connection', accountId: ALICE_TALKER.id, state: 'offline' }] });
    expect(s.dataState).toBe('live');
    s = apply(store, { accountOps: [{ type: 'removed', accountId: ALICE.id }, { type: 'removed', accountId: ALICE_TALKER.id }] });
    expect(s.dataState).toBe('none');
  });

  it('is cache, not live, while every account is offline, and a sync of an account not signed in counts for nothing', () => {
    const store = newStore();
    let s = apply(store, { accountOps: [{ type: 'session', protocols: PROTOCOLS, accounts: [status(ALICE, 'offline')] }], cacheShown: true });
    expect(s.dataState).toBe('cache');
    s = apply(store, { accountOps: [{ type: 'connection', accountId: ALICE.id, state: 'online' }], written: written({ synced: ['stranger'] }) });
    expect(s.dataState).toBe('cache');
    expect(s.syncedThisRun).toEqual({});
    // A departed account's sync is forgotten: signing in again needs a new sync for live.
    s = apply(store, { written: written({ synced: [ALICE.id], lastSyncedAt: { [ALICE.id]: 42 } }) });
    expect(s).toMatchObject({ dataState: 'live', lastSyncedAt: { [ALICE.id]: 42 } });
    s = apply(store, { accountOps: [{ type: 'added', status: TALKER }] });
    expect(s.dataState).toBe('cache');
  });

  it('does not change the state it is given', () => {
    const store = twoAccounts();
    const before = frozen(store.getState());
    expect(() =>
      applyStoreBatch(before, {
        accountOps: [{ type: 'ended', accountId: ALICE_TALKER.id, reason: 'expired', message: 'x' }],
        written: written({ conversations: [conversation('9', 1) as Conversation], messages: [row(incoming('5', '3', 'y', 3))], synced: [ALICE.id] }),
        typing: [{ accountId: ALICE.id, conversationId: '5', userId: BOB_ID, typing: false }],
      }),
    ).not.toThrow();
  });
});
