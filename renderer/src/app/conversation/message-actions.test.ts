import { describe, expect, it } from 'vitest';
import type { Message } from '../../contract';
import { messageActions } from './message-actions';

const both = { editMessages: true, deleteMessages: true };
const sent: Pick<Message, 'kind' | 'status' | 'id' | 'deleted' | 'text'> = { kind: 'text', status: 'sent', id: '9007199254740993', text: 'hi' };

describe('which messages offer Edit and Delete', () => {
  it('my own sent messages, where the protocol can', () => {
    expect(messageActions(sent, true, both)).toEqual({ edit: true, delete: true });
    expect(messageActions({ ...sent, status: 'read' }, true, both)).toEqual({ edit: true, delete: true });
    expect(messageActions(sent, true, { editMessages: false, deleteMessages: true })).toEqual({ edit: false, delete: true });
    expect(messageActions(sent, true, { editMessages: false, deleteMessages: false })).toEqual({ edit: false, delete: false });
  });

  it("never on someone else's message, a system line, a deleted one or one not yet sent", () => {
    expect(messageActions(sent, false, both)).toEqual({ edit: false, delete: false });
    expect(messageActions({ ...sent, kind: 'system' }, true, both)).toEqual({ edit: false, delete: false });
    expect(messageActions({ ...sent, deleted: true, text: '' }, true, both)).toEqual({ edit: false, delete: false });
    for (const status of ['queued', 'sending', 'failed'] as const) {
      expect(messageActions({ kind: 'text', status, text: 'hi' }, true, both), status).toEqual({ edit: false, delete: false });
    }
    expect(messageActions(sent, true, undefined)).toEqual({ edit: false, delete: false });
  });

  it('a message of files alone can be deleted but has no text to edit', () => {
    expect(messageActions({ ...sent, text: '' }, true, both)).toEqual({ edit: false, delete: true });
  });
});
