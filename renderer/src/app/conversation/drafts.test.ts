import { describe, expect, it } from 'vitest';
import { conversationRef } from '../../contract';
import { Drafts, type DraftStorage } from './drafts';

/** localStorage as the browser keeps it: strings by key, across "restarts" of the page. */
class MemoryStorage implements DraftStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

const alice = 'netalo|http://127.0.0.1:7450|1001';
const aliceOnTalker = 'talker|http://127.0.0.1:7460|1001';
const withBob = conversationRef(alice, '500');
const withCarol = conversationRef(alice, '501');

describe('drafts', () => {
  it('keeps a draft per conversation, exactly as typed, across switching and a restart', () => {
    const storage = new MemoryStorage();
    const drafts = new Drafts(storage);
    const code = '  indented\n\tand a tab\n\n';
    drafts.set(withBob, code);
    drafts.set(withCarol, 'for Carol');
    expect(drafts.get(withBob)).toBe(code);
    expect(drafts.get(withCarol)).toBe('for Carol');

    const afterRestart = new Drafts(storage);
    expect(afterRestart.get(withBob)).toBe(code);
    expect(afterRestart.get(withCarol)).toBe('for Carol');
  });

  it('keys by account and conversation: the same server ID in another account is another draft', () => {
    const drafts = new Drafts(new MemoryStorage());
    drafts.set(withBob, 'from Netalo');
    expect(drafts.get(conversationRef(aliceOnTalker, '500'))).toBe('');
  });

  it('is cleared on send and forgotten when the box is emptied', () => {
    const storage = new MemoryStorage();
    const drafts = new Drafts(storage);
    drafts.set(withBob, 'see you');
    drafts.clear(withBob);
    expect(drafts.get(withBob)).toBe('');
    drafts.set(withCarol, 'hm');
    drafts.set(withCarol, ' \n ');
    expect(drafts.get(withCarol)).toBe('');
    expect(storage.items.size).toBe(0);
  });

  it('never throws when storage is missing, full or refused: the draft is simply not kept', () => {
    const none = new Drafts(null);
    none.set(withBob, 'x');
    expect(none.get(withBob)).toBe('');
    const refusing: DraftStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    const drafts = new Drafts(refusing);
    expect(() => drafts.set(withBob, 'x')).not.toThrow();
    expect(() => drafts.clear(withBob)).not.toThrow();
    expect(drafts.get(withBob)).toBe('');
  });
});
