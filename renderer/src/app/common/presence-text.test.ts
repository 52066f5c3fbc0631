// A peer's presence in words: "Online", "Last seen 5 minutes ago", "Offline", or nothing while unknown.
import { describe, expect, it } from 'vitest';
import { presenceText } from './presence-text';

const NOW = Date.UTC(2025, 4, 14, 12, 0, 0);
const MIN = 60_000;

describe('presence text', () => {
  it('says online, or when the user was last seen, or offline without a time', () => {
    expect(presenceText(undefined, NOW)).toBeNull();
    expect(presenceText({ online: true, lastSeenAt: NOW - 60 * MIN }, NOW)).toBe('Online');
    expect(presenceText({ online: false }, NOW)).toBe('Offline');
    expect(presenceText({ online: false, lastSeenAt: NOW - 5 * MIN }, NOW)).toBe('Last seen 5 minutes ago');
    expect(presenceText({ online: false, lastSeenAt: NOW - 3 * 60 * MIN }, NOW)).toBe('Last seen 3 hours ago');
  });

  it('says "just now" within a minute, and for a time slightly ahead of our clock', () => {
    expect(presenceText({ online: false, lastSeenAt: NOW - 20_000 }, NOW)).toBe('Last seen just now');
    expect(presenceText({ online: false, lastSeenAt: NOW + 4_000 }, NOW)).toBe('Last seen just now');
  });
});
