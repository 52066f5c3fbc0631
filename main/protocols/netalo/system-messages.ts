// System messages (type 10): a group change as a line in the timeline ("Alice added Carol").
// The server's English wording is the message text; what happened is JSON in the message's
// attachments, {"system":{action, actor, uins, name}} (server/PROTOCOL.md, system messages),
// which the UI says in the user's language with current names. Anything unreadable still
// shows, as the server's text under action 'other': a timeline line is never dropped.

import type { SystemEvent } from '../../../contract/domain';
import type { NetaloMessage } from './schemas';
import { systemPayloadSchema } from './schemas';
import { parseLenientJson } from './wire/lenient-json';

/** Netalo message type for a system message (Parley's reference server). */
export const MESSAGE_SYSTEM = 10;

const ACTIONS: Record<string, SystemEvent['action']> = {
  created: 'created',
  renamed: 'renamed',
  avatar: 'avatar-changed',
  added: 'members-added',
  removed: 'member-removed',
  left: 'member-left',
  owner: 'owner-changed',
};

/** What a type-10 message says happened; never throws, whatever its attachments hold. */
export function systemEventOf(m: NetaloMessage): SystemEvent {
  const fallback: SystemEvent = { action: 'other', actorId: m.sender_uin };
  const raw = m.attachments || m.attactments;
  if (!raw) return fallback;
  let parsed: unknown;
  try {
    parsed = parseLenientJson(raw);
  } catch {
    return fallback;
  }
  const checked = systemPayloadSchema.safeParse(parsed);
  if (!checked.success) return fallback;
  const { action, actor, uins, name } = checked.data.system;
  return {
    action: ACTIONS[action] ?? 'other',
    actorId: actor ?? m.sender_uin,
    ...(uins?.length ? { userIds: [...uins] } : {}),
    ...(name ? { title: name } : {}),
  };
}
