// Who is typing, as the view shows it: "Bob is typing…", "Bob and Carol are typing…",
// "Several people are typing…", and only while each state has not passed its expiresAt.

import { t } from '../../i18n';

export function typingText(names: readonly string[]): string | null {
  if (names.length === 0) return null;
  if (names.length === 1) return t('conversation.typing', { name: names[0]! });
  if (names.length === 2) return t('conversation.typingTwo', { first: names[0]!, second: names[1]! });
  return t('conversation.typingSeveral');
}

/**
 * The users typing at `now` (everyone but me, in the order they started), and when the
 * soonest of them lapses (Infinity: none does by itself), so the view can look again then.
 */
export function liveTypers(
  typing: Readonly<Record<string, number>>,
  myUserId: string | undefined,
  now: number,
): { userIds: string[]; nextExpiry: number } {
  const userIds = Object.keys(typing).filter((id) => id !== myUserId && typing[id]! > now);
  let nextExpiry = Number.POSITIVE_INFINITY;
  for (const id of userIds) nextExpiry = Math.min(nextExpiry, typing[id]!);
  return { userIds, nextExpiry };
}
