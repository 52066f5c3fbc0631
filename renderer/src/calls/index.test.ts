// The screens' door: one session per window, actions that are safe before it starts, and a
// store that outlives a stopped session.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeParleyApi, ok } from '../testing/fakeParleyApi';
import { callActions, callsStore, initCalls, stopCalls } from './index';
import { FakeMediaEnv } from './testing/fake-media';
import { FakePeerFactory } from './testing/fake-peers';
import { makeCall } from './testing/session-harness';

afterEach(() => stopCalls());

describe('calls door', () => {
  it('answers "not ready" before the session starts', async () => {
    expect(await callActions().start('acc-a', 'conv-1', 'audio')).toEqual({ ok: false, message: 'Calls are not ready yet' });
    expect(() => callActions().dismiss('x')).not.toThrow();
  });

  it('starts one session per window, however often it is asked', async () => {
    const fake = createFakeParleyApi();
    fake.handle('calls.list', () => ok([makeCall({ phase: 'incoming', direction: 'incoming' })]));
    const options = { media: new FakeMediaEnv().env, loadPeers: new FakePeerFactory().load, page: null };
    const actions = initCalls(fake.api, options);
    expect(initCalls(fake.api, options)).toBe(actions);
    expect(callActions()).toBe(actions);
    await vi.waitFor(() => expect(Object.keys(callsStore().getState().calls)).toEqual(['acc-a|c1']));
    expect(fake.callsTo('calls.list')).toHaveLength(1);
  });
});
