// A nudge as one line, worded from my side: "Bob nudged you" / "You nudged Bob" (a group:
// "Bob nudged the group"). The same words in the timeline and as the list's preview.

import type { Conversation, Message } from '../../contract';
import { t } from '../../i18n';
import type { NameOf } from './system-text';

export function nudgeText(
  m: Pick<Message, 'senderId'>,
  c: Pick<Conversation, 'kind' | 'peerId' | 'title'>,
  nameOf: NameOf,
  myUserId: string | undefined,
): string {
  const mine = m.senderId === myUserId;
  if (c.kind === 'group') {
    return mine ? t('nudge.sentGroup') : t('nudge.receivedGroup', { name: nameOf(m.senderId) ?? t('user.someone') });
  }
  // A direct conversation's title is the peer's name: good enough while the directory has none.
  if (mine) return t('nudge.sent', { name: (c.peerId ? nameOf(c.peerId) : null) ?? c.title });
  return t('nudge.received', { name: nameOf(m.senderId) ?? c.title });
}
