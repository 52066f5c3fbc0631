// System messages: a group change as a line in its timeline ("Alice added Carol"), stored
// and delivered as an ordinary message of type 10 (server/PROTOCOL.md, System messages), so
// history, the resync change feed and pushes carry it with no new machinery.
// - `message`: an English fallback for a client that does not know the action;
// - `attachments`: {"system":{action, actor, uins, name?}} for a client that words it
//   itself, in the user's language and with current names.

import type { RequestContext } from './context';
import type { MessageRecord } from './message-store';
import { MessageType } from './message-types';

export type SystemAction = 'created' | 'renamed' | 'avatar' | 'added' | 'removed' | 'left' | 'owner';

export interface SystemEvent {
  action: SystemAction;
  /** Who made the change (for `owner` after a leave: the one who left). */
  actor: string;
  /** Added / removed users, or the new owner. */
  uins?: string[];
  /** The group's new name, for `created` and `renamed`. */
  name?: string;
}

/** Stored messages have a status; a system message is simply "on the server". */
const STATUS_SENT = 1;

function fallbackText(event: SystemEvent, nameOf: (uin: string) => string): string {
  const actor = nameOf(event.actor);
  const people = (event.uins ?? []).map(nameOf).join(', ');
  switch (event.action) {
    case 'created':
      return event.name ? `${actor} created the group "${event.name}"` : `${actor} created the group`;
    case 'renamed':
      return event.name ? `${actor} renamed the group to "${event.name}"` : `${actor} removed the group's name`;
    case 'avatar':
      return `${actor} changed the group's picture`;
    case 'added':
      return `${actor} added ${people}`;
    case 'removed':
      return `${actor} removed ${people}`;
    case 'left':
      return `${actor} left`;
    case 'owner':
      return `${people} is now the owner`;
  }
}

/** The attachments JSON of a system message. */
export function systemAttachments(event: SystemEvent): string {
  const body: Record<string, unknown> = { action: event.action, actor: event.actor, uins: event.uins ?? [] };
  if (event.action === 'created' || event.action === 'renamed') body.name = event.name ?? '';
  return JSON.stringify({ system: body });
}

/**
 * Stores one system message in the group and makes it the group's latest; call inside the
 * request's transaction. The caller pushes it (as `message`) to the members after the change.
 */
export function postSystemMessage(ctx: RequestContext, groupId: string, event: SystemEvent): MessageRecord {
  const { users, messages, groups, ids, clock } = ctx.services;
  const nameOf = (uin: string) => users.get(uin)?.displayName || uin;
  const message: MessageRecord = {
    messageId: ids.next(),
    groupId,
    senderUin: event.actor,
    type: MessageType.system,
    message: fallbackText(event, nameOf),
    attactments: systemAttachments(event),
    senderName: nameOf(event.actor),
    nonce: '',
    version: 0,
    status: STATUS_SENT,
    createdAt: Math.floor(clock()) * 1000, // µs
    changeId: '',
    editedAt: 0,
    deletedAt: 0,
  };
  message.changeId = message.messageId;
  messages.insert(message);
  groups.recordMessage(groupId, message.messageId);
  return message;
}
