import { describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../db/database';
import { lastEditableKey } from './edit-request';

const caps = { editMessages: true, deleteMessages: true };
const msg = (key: string, senderId: string, extra: Partial<StoredMessage> = {}): StoredMessage =>
  ({ key, senderId, id: `id-${key}`, kind: 'text', status: 'sent', text: key, deleted: false, ...extra }) as StoredMessage;
const thread = (...ms: StoredMessage[]) => ({ keys: ms.map((m) => m.key), byKey: Object.fromEntries(ms.map((m) => [m.key, m])) });

describe('lastEditableKey (Up in an empty composer)', () => {
  it('picks my newest message the server holds, skipping others’ and ones I cannot edit', () => {
    const t = thread(
      msg('a', 'me'),
      msg('b', 'me'),
      msg('c', 'bob'),
      msg('d', 'me', { deleted: true }),
      msg('e', 'me', { status: 'queued', id: undefined }),
      msg('f', 'bob'),
    );
    expect(lastEditableKey(t, 'me', caps)).toBe('b');
  });

  it('is null without such a message, or where the protocol cannot edit', () => {
    expect(lastEditableKey(thread(msg('a', 'bob')), 'me', caps)).toBeNull();
    expect(lastEditableKey(thread(msg('a', 'me')), 'me', { editMessages: false, deleteMessages: true })).toBeNull();
    expect(lastEditableKey(undefined, 'me', caps)).toBeNull();
    expect(lastEditableKey(thread(msg('a', 'me')), undefined, caps)).toBeNull();
  });
});
