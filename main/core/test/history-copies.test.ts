// A history page that holds my own message while its send is still under way (the thread
// fetched again because the list moved on): on protocols without nonces (talker, AZStack)
// the page's copy must carry the send's nonce, or the renderer shows it beside the row being
// sent (seen in CI as two "hello over talker" rows).

import { describe, expect, it } from 'vitest';
import type { AccountStatus, Message, Page } from '../../../contract/domain';
import type { MessageData } from '../adapter';
import { startCore } from './core-harness';
import { FAKE_PASSWORD, fakeAdapterFactory } from './fake-adapter';
import { tempDirsForFile } from './temp-dirs';

const tempDir = tempDirsForFile();

describe('messages.list while a send is under way', () => {
  it('gives the page’s copy of my message the nonce of its send', async () => {
    const factory = fakeAdapterFactory();
    const core = await startCore(tempDir('history-copies'), [factory]);
    try {
      const { account } = await core.call<AccountStatus>('session.signIn', { protocol: 'netalo', serverUrl: 'http://127.0.0.1:9', username: 'alice', password: FAKE_PASSWORD });
      const adapter = factory.latest!;
      adapter.sendConfirmation = 'echo';
      adapter.connect();
      adapter.emit({ type: 'connection', state: 'online' });
      // The echo has not come back yet (it is let through at the end, so the outbox can close).
      let echo: (m: MessageData) => void = () => undefined;
      adapter.sendBehaviour = () => new Promise<MessageData>((resolve) => (echo = resolve));
      await core.call('messages.send', { accountId: account.id, conversationId: '100', text: 'hello over talker', nonce: 'nonce-0001' });
      // The outbox says so when it hands the message to the adapter.
      await core.waitUntil((seen) => seen.some((e) => e.name === 'message.upserted' && e.payload.message.nonce === 'nonce-0001' && e.payload.message.status === 'sending'));
      expect(adapter.sent).toHaveLength(1);

      const stored: MessageData = { conversationId: '100', id: '900', senderId: account.userId, kind: 'text', text: 'hello over talker', sentAt: Date.now(), status: 'sent' };
      adapter.listMessages = async () => ({ items: [stored] });
      const page = await core.call<Page<Message>>('messages.list', { accountId: account.id, conversationId: '100', limit: 50 });
      expect(page.items.map((m) => [m.id, m.nonce])).toEqual([['900', 'nonce-0001']]);
      echo({ ...stored, nonce: 'nonce-0001' });
    } finally {
      await core.stop();
    }
  });
});
