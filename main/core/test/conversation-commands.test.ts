// The conversation commands refuse with 'unsupported' where the account's protocol cannot do
// them (talker has no groups, no mute, no requests), before anything reaches the adapter.

import { describe, expect, it } from 'vitest';
import type { AccountStatus } from '../../../contract/domain';
import { startCore } from './core-harness';
import { FAKE_PASSWORD, fakeAdapterFactory } from './fake-adapter';
import { tempDirsForFile } from './temp-dirs';

const tempDir = tempDirsForFile();

describe('conversation commands without the capability', () => {
  it("answer 'unsupported' for every command the protocol cannot do", async () => {
    const factory = fakeAdapterFactory(); // groups, mute, pin, block, requests, clearHistory: all false
    const core = await startCore(tempDir('commands'), [factory]);
    try {
      const { account } = await core.call<AccountStatus>('session.signIn', { protocol: 'netalo', serverUrl: 'http://127.0.0.1:9', username: 'alice', password: FAKE_PASSWORD });
      const accountId = account.id;
      const conversationId = '100';
      const calls: Array<[string, Record<string, unknown>]> = [
        ['conversations.createGroup', { accountId, title: 'Crew', memberIds: ['2'] }],
        ['conversations.updateGroup', { accountId, conversationId, title: 'Crew 2' }],
        ['conversations.leave', { accountId, conversationId }],
        ['conversations.clearHistory', { accountId, conversationId }],
        ['conversations.setMuted', { accountId, conversationId, muted: true }],
        ['conversations.setPinned', { accountId, conversationId, pinned: true }],
        ['conversations.setBlocked', { accountId, conversationId, userId: '2', blocked: true }],
        ['conversations.answerRequest', { accountId, conversationId, answer: 'accept' }],
        ['conversations.nudge', { accountId, conversationId }],
      ];
      for (const [command, args] of calls) {
        expect(await core.core.dispatch(command, args), command).toMatchObject({ ok: false, error: { code: 'unsupported' } });
      }
      expect(core.seen.filter((e) => e.name.startsWith('conversation.'))).toEqual([]);
    } finally {
      await core.stop();
    }
  });
});

describe('conversations.nudge', () => {
  it('sends one nudge, shows its line, and drops a second one within 10 s (a held key cannot shake a screen)', async () => {
    const factory = fakeAdapterFactory({ nudge: true });
    const core = await startCore(tempDir('nudge'), [factory]);
    try {
      const { account } = await core.call<AccountStatus>('session.signIn', { protocol: 'netalo', serverUrl: 'http://127.0.0.1:9', username: 'alice', password: FAKE_PASSWORD });
      const args = { accountId: account.id, conversationId: '100' };
      expect(await core.core.dispatch('conversations.nudge', args)).toMatchObject({ ok: true });
      expect(await core.core.dispatch('conversations.nudge', args)).toMatchObject({ ok: true });
      expect(await core.core.dispatch('conversations.nudge', { ...args, conversationId: '101' })).toMatchObject({ ok: true });
      expect(factory.latest!.nudges).toEqual(['100', '101']);
      // The adapter's line reaches every window as a message of my own, of kind 'nudge'.
      const nudgeLines = () =>
        core.seen.flatMap((e) => (e.name === 'message.upserted' && e.payload.message.kind === 'nudge' ? [e.payload.message] : []));
      await core.waitUntil(() => nudgeLines().length === 2);
      expect(nudgeLines().map((m) => [m.conversationId, m.senderId])).toEqual([
        ['100', account.userId],
        ['101', account.userId],
      ]);
    } finally {
      await core.stop();
    }
  });
});
