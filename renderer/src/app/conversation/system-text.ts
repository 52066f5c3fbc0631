// A group change as one line of the timeline, in the user's language and with the names
// the view knows now ("Alice added Carol", "You left"). An action this version does not
// know shows the server's own words (the message text), as plain text.

import type { Message } from '../../contract';
import { formatLocale, t } from '../../i18n';

/** Names a user; returns null while the name is unknown. */
export type NameOf = (userId: string) => string | null;

function listOf(names: string[]): string {
  return new Intl.ListFormat(formatLocale(), { type: 'conjunction' }).format(names);
}

export function systemText(m: Pick<Message, 'text' | 'system'>, nameOf: NameOf, myUserId: string | undefined): string {
  const e = m.system;
  if (!e) return m.text;
  const subject = (id: string) => (id === myUserId ? t('user.you') : (nameOf(id) ?? t('user.someone')));
  const object = (id: string) => (id === myUserId ? t('user.youObject') : (nameOf(id) ?? t('user.someone')));
  const actor = subject(e.actorId);
  // Lets a language conjugate "you created" apart from "Alice created" (ICU select on `by`).
  const by = e.actorId === myUserId ? 'you' : 'other';
  const names = listOf((e.userIds ?? []).map(object));
  switch (e.action) {
    case 'created':
      return t('system.created', { actor, by, title: e.title ?? '' });
    case 'renamed':
      return t('system.renamed', { actor, by, title: e.title ?? '' });
    case 'avatar-changed':
      return t('system.avatarChanged', { actor, by });
    case 'members-added':
      return t('system.membersAdded', { actor, by, names });
    case 'member-removed':
      return t('system.memberRemoved', { actor, by, names });
    case 'member-left':
      return t('system.memberLeft', { actor, by });
    case 'owner-changed':
      return t('system.ownerChanged', { actor, by, names });
    default:
      return m.text;
  }
}
