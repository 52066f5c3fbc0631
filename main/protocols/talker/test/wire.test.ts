import { describe, expect, it } from 'vitest';
import { decodeDataUri, parseTalkerDate, rowSchema, sentAtOf, toConversation, toMessage, UNREADABLE_MEDIA } from '../wire';

const row = (over: Record<string, unknown> = {}) =>
  rowSchema.parse({ id: 7, from_user: 2, to_user: 1, content: 'hi', content_type: 'text', readen: null, notified: 0, init_date: '2026-11-22 14:05:09', ...over });

describe('talker wire', () => {
  it('reads talker times: SQLite UTC text, ISO, seconds and ms', () => {
    expect(parseTalkerDate('2026-11-22 14:05:09')).toBe(Date.UTC(2026, 10, 22, 14, 5, 9));
    expect(parseTalkerDate('2026-11-22T14:05:09.250Z')).toBe(Date.UTC(2026, 10, 22, 14, 5, 9, 250));
    expect(parseTalkerDate(1_800_000_000)).toBe(1_800_000_000_000);
    expect(parseTalkerDate(1_800_000_000_123)).toBe(1_800_000_000_123);
    expect(parseTalkerDate('yesterday')).toBeUndefined();
  });

  it('maps a row seen by either side: the conversation is the other party, ids are strings', () => {
    expect(toMessage(row(), 1, 0)).toMatchObject({ conversationId: '2', id: '7', senderId: '2', text: 'hi', status: 'sent' });
    expect(toMessage(row({ from_user: 1, to_user: 2, notified: 1 }), 1, 0)).toMatchObject({ conversationId: '2', status: 'delivered' });
    expect(toMessage(row({ from_user: 1, to_user: 2, readen: '2026-11-22 14:06:00' }), 1, 0).status).toBe('read');
    expect(rowSchema.parse({ ...row(), id: '8', from_user: '2' })).toMatchObject({ id: 8, from_user: 2 });
  });

  it('places a live message within its second at the moment it arrived, a history row at its second', () => {
    const stored = Date.UTC(2026, 10, 22, 14, 5, 9);
    expect(sentAtOf(row(), stored + 640, true)).toBe(stored + 640);
    expect(sentAtOf(row(), stored + 5000, true)).toBe(stored + 999);
    expect(sentAtOf(row(), stored + 640, false)).toBe(stored);
  });

  it('turns media data URIs into attachment bytes, and an unreadable one into a placeholder', () => {
    const png = toMessage(row({ content_type: 'photo', content: 'data:image/png;base64,iVBORw0KGgo=' }), 1, 0);
    expect(png.text).toBe('');
    expect(png.attachments?.[0]).toMatchObject({ kind: 'image', mimeType: 'image/png', name: 'photo-7.png' });
    expect(Array.from(png.attachments![0]!.bytes!.slice(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const text = toMessage(row({ content_type: 'file', content: 'data:text/plain;name=notes.txt,hello%20there' }), 1, 0);
    expect(text.attachments?.[0]).toMatchObject({ kind: 'file', name: 'notes.txt' });
    expect(Buffer.from(text.attachments![0]!.bytes!).toString()).toBe('hello there');
    const broken = toMessage(row({ content_type: 'video', content: 'not a data uri' }), 1, 0);
    expect(broken).toMatchObject({ text: UNREADABLE_MEDIA });
    expect(broken.attachments).toBeUndefined();
    expect(decodeDataUri('data:image/png;base64,@@@')).toBeNull();
  });

  it('rejects malformed rows and reads an unknown content type as text', () => {
    expect(rowSchema.safeParse({ id: -1, from_user: 1, to_user: 2, content: 'x' }).success).toBe(false);
    expect(rowSchema.safeParse({ id: 1, from_user: 1, to_user: 2, content: 42 }).success).toBe(false);
    expect(rowSchema.parse({ ...row(), content_type: 'hologram' }).content_type).toBe('text');
  });

  it('builds the per-peer conversation with its preview', () => {
    const c = toConversation(1, { id: 2, username: 'bob' }, row(), 3, 0);
    expect(c).toMatchObject({ id: '2', kind: 'direct', title: 'bob', peerId: '2', memberIds: ['1', '2'], unreadCount: 3 });
    expect(c.lastMessage).toMatchObject({ messageId: '7', text: 'hi' });
  });
});
