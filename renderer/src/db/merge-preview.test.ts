// The list's preview follows an edit or a deletion of the message it shows.
import { describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../contract';
import { withLatestMessage } from './merge';

const conversation: Conversation = {
  accountId: 'a',
  id: '500',
  kind: 'direct',
  title: 'Bob',
  memberIds: ['1', '2'],
  createdAt: 1_000,
  lastActivityAt: 2_000,
  lastMessage: { messageId: '9', senderId: '1', text: 'secret plan', sentAt: 2_000 },
  unreadCount: 0,
  muted: false,
  pinned: false,
};
const message: Message = { accountId: 'a', conversationId: '500', id: '9', senderId: '1', kind: 'text', text: 'secret plan', sentAt: 2_000, status: 'sent' };

describe('the preview after an edit or a deletion', () => {
  it('shows the edited text of the message it previews', () => {
    expect(withLatestMessage(conversation, { ...message, text: 'new plan', editedAt: 3_000 })?.lastMessage?.text).toBe('new plan');
  });

  it('no longer shows the text of a deleted message it previews; other deletions leave it alone', () => {
    expect(withLatestMessage(conversation, { ...message, text: '', deleted: true })?.lastMessage).toMatchObject({ messageId: '9', text: '' });
    expect(withLatestMessage(conversation, { ...message, id: '8', sentAt: 1_500, text: '', deleted: true })).toBeNull();
    expect(withLatestMessage({ ...conversation, lastMessage: { ...conversation.lastMessage!, text: '' } }, { ...message, text: '', deleted: true })).toBeNull();
  });
});

describe('the preview of a call line', () => {
  it('keeps the call record, so the list can word it from the user’s side', () => {
    const call = { callId: '77', media: 'video' as const, outcome: 'missed' as const, callerId: '2' };
    const line: Message = { ...message, id: '10', kind: 'call', senderId: '2', text: 'Missed video call', sentAt: 3_000, call };
    expect(withLatestMessage(conversation, line)?.lastMessage).toMatchObject({ messageId: '10', call });
  });
});
