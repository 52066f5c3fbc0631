// What the other side reads while people type, and for how long.
import { describe, expect, it } from 'vitest';
import { liveTypers, typingText } from './typing-view';

describe('typing text', () => {
  it('names one or two people and says "several" from three on', () => {
    expect(typingText([])).toBeNull();
    expect(typingText(['Bob'])).toBe('Bob is typing…');
    expect(typingText(['Bob', 'Carol'])).toBe('Bob and Carol are typing…');
    expect(typingText(['Bob', 'Carol', 'Dan'])).toBe('Several people are typing…');
    expect(typingText(['Bob', 'Carol', 'Dan', 'Eve'])).toBe('Several people are typing…');
  });
});

describe('live typers', () => {
  it('leaves out me and anyone whose expiresAt has passed, and says when the next one lapses', () => {
    const typing = { bob: 5_000, me: 9_000, carol: Number.POSITIVE_INFINITY, dan: 3_000 };
    expect(liveTypers(typing, 'me', 2_000)).toEqual({ userIds: ['bob', 'carol', 'dan'], nextExpiry: 3_000 });
    expect(liveTypers(typing, 'me', 3_000)).toEqual({ userIds: ['bob', 'carol'], nextExpiry: 5_000 });
    expect(liveTypers(typing, 'me', 5_000)).toEqual({ userIds: ['carol'], nextExpiry: Number.POSITIVE_INFINITY });
    expect(liveTypers({}, 'me', 0)).toEqual({ userIds: [], nextExpiry: Number.POSITIVE_INFINITY });
  });
});
