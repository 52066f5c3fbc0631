import { describe, expect, it } from 'vitest';
import { errorText } from './error-text';

describe('errorText', () => {
  it("says what a code means instead of main's developer text", () => {
    expect(errorText({ code: 'unreachable', message: 'connect ECONNREFUSED 127.0.0.1:8080' })).toBe('Can’t reach the server. Check your connection.');
    expect(errorText({ code: 'offline', message: 'socket closed' })).toBe('You’re offline. Try again when you’re back online.');
  });

  it("keeps the message where only it knows the reason (the server's own words)", () => {
    expect(errorText({ code: 'server-error', message: 'The group is full' })).toBe('The group is full');
  });
});
