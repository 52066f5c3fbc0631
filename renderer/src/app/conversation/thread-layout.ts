// How each message of a thread sits among its neighbours: a day separator before it, tight
// under the previous one (same sender, minutes apart), and, in a group, the sender's name
// and avatar at the start of each run of someone else's messages (else Bob and Carol would
// look the same). System and nudge lines break runs: the message after one names its sender again.

import type { ConversationKind, Message } from '../../contract';
import { daysBetween } from '../../i18n/time';

/** Consecutive messages from one sender this close together share one run. */
export const GROUP_WINDOW_MS = 5 * 60_000;

export interface MessageLayout {
  /** The first message of its day: a day separator goes before it. */
  newDay: boolean;
  /** Continues the previous message's run: tighter spacing, no name. */
  grouped: boolean;
  /** A group, someone else, first of a run: show the sender's name and avatar. */
  showSender: boolean;
}

type Row = Pick<Message, 'senderId' | 'sentAt' | 'kind'>;

/** A centred line (a group change, a nudge), not a bubble: it names no sender and breaks runs. */
function isLine(m: Row): boolean {
  return m.kind === 'system' || m.kind === 'nudge';
}

/** Row `m`'s place after `previous` (undefined for the first row): all a row's layout depends on. */
export function layoutAfter(previous: Row | undefined, m: Row, kind: ConversationKind, myUserId: string | undefined): MessageLayout {
  const newDay = !previous || daysBetween(previous.sentAt, m.sentAt) !== 0;
  const grouped =
    !newDay &&
    previous !== undefined &&
    !isLine(m) &&
    !isLine(previous) &&
    previous.senderId === m.senderId &&
    m.sentAt - previous.sentAt < GROUP_WINDOW_MS;
  const showSender = kind === 'group' && !isLine(m) && m.senderId !== myUserId && !grouped;
  return { newDay, grouped, showSender };
}

/** Every row's layout (the list computes only the rows it renders, with `layoutAfter`). */
export function layoutThread(rows: readonly Row[], kind: ConversationKind, myUserId: string | undefined): MessageLayout[] {
  return rows.map((m, i) => layoutAfter(i > 0 ? rows[i - 1] : undefined, m, kind, myUserId));
}
