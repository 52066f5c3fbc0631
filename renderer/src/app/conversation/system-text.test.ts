// System lines in words, with the names the view knows and "You" for the user.
import { describe, expect, it } from 'vitest';
import type { Message, SystemEvent } from '../../contract';
import { setLanguages } from '../../i18n';
import { systemText, type NameOf } from './system-text';

setLanguages(['en-GB']);
const NAMES: Record<string, string> = { a: 'Alice', b: 'Bob', c: 'Carol' };
const nameOf: NameOf = (id) => NAMES[id] ?? null;
const line = (system: SystemEvent | undefined, text = 'server words'): Pick<Message, 'text' | 'system'> => (system ? { text, system } : { text });

describe('systemText', () => {
  it('says each kind of group change with current names', () => {
    const cases: Array<[SystemEvent, string]> = [
      [{ action: 'created', actorId: 'a', title: 'Hike' }, 'Alice created the group “Hike”'],
      [{ action: 'renamed', actorId: 'b', title: 'X' }, 'Bob renamed the group to “X”'],
      [{ action: 'avatar-changed', actorId: 'a' }, 'Alice changed the group photo'],
      [{ action: 'members-added', actorId: 'a', userIds: ['c'] }, 'Alice added Carol'],
      [{ action: 'members-added', actorId: 'a', userIds: ['b', 'c'] }, 'Alice added Bob and Carol'],
      [{ action: 'member-removed', actorId: 'a', userIds: ['b'] }, 'Alice removed Bob'],
      [{ action: 'member-left', actorId: 'c' }, 'Carol left'],
      [{ action: 'owner-changed', actorId: 'a', userIds: ['b'] }, 'Alice made Bob the owner'],
    ];
    for (const [event, words] of cases) expect(systemText(line(event), nameOf, 'me')).toBe(words);
  });

  it('says “You” for the user, as actor and as object', () => {
    expect(systemText(line({ action: 'member-left', actorId: 'me' }), nameOf, 'me')).toBe('You left');
    expect(systemText(line({ action: 'members-added', actorId: 'a', userIds: ['me', 'b'] }), nameOf, 'me')).toBe('Alice added you and Bob');
    expect(systemText(line({ action: 'owner-changed', actorId: 'me', userIds: ['c'] }), nameOf, 'me')).toBe('You made Carol the owner');
  });

  it('says “Someone” while a name is unknown', () => {
    expect(systemText(line({ action: 'member-removed', actorId: 'zz', userIds: ['b'] }), nameOf, 'me')).toBe('Someone removed Bob');
  });

  it('shows the server’s own words for an action it does not know, and for a line without an event', () => {
    expect(systemText(line({ action: 'other', actorId: 'a' }, 'Alice pinned a message'), nameOf, 'me')).toBe('Alice pinned a message');
    expect(systemText(line({ action: 'teleported' as SystemEvent['action'], actorId: 'a' }, '<b>raw</b>'), nameOf, 'me')).toBe('<b>raw</b>');
    expect(systemText(line(undefined, 'Bob did something'), nameOf, 'me')).toBe('Bob did something');
  });
});
