// "Online", "Last seen 5 minutes ago", "Offline": a user's presence in words.

import type { Presence } from '../../contract';
import { t } from '../../i18n';
import { formatRelative } from '../../i18n/time';

const MINUTE = 60_000;

/** Null while the presence is unknown: the caller shows something else rather than guess. */
export function presenceText(p: Pick<Presence, 'online' | 'lastSeenAt'> | undefined, now: number): string | null {
  if (!p) return null;
  if (p.online) return t('presence.online');
  if (p.lastSeenAt === undefined) return t('presence.offline');
  // A clock a little ahead of ours (or a second ago) is "just now", not "in 3 seconds".
  if (now - p.lastSeenAt < MINUTE) return t('presence.lastSeenJustNow');
  return t('presence.lastSeen', { when: formatRelative(p.lastSeenAt, now) });
}
