// The history line a call leaves when it ends (server/PROTOCOL.md, Calls): one message of
// type 11 in the conversation, sent by the caller, stored and delivered like any other
// message (history, the change feed, the `message` push), as system-messages.ts does for
// type 10. `message` is an English fallback; `attachments` carries what a client words
// itself: {"call":{call_id, media_type, outcome, caller_uin, duration_ms?}}.

import type { NetaloServices } from '../context';
import { isVisibleTo } from '../group-view';
import type { MessageRecord } from '../message-store';
import { MessageType } from '../message-types';
import { messageToWire } from '../wire-objects';
import { durationOf, MediaType, outcomeOf, type CallOutcome, type CallState } from './call-machine';

/** Queues work for after the change committed (a request's afterAck, or a timer's own list). */
export type Later = (task: () => void) => void;

/** Stored messages have a status; a call line is simply "on the server". */
const STATUS_SENT = 1;

/** "2:05", or "1:02:05" past an hour. */
export function formatDuration(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export function fallbackText(outcome: CallOutcome, media: number, durationMs: number): string {
  const kind = media === MediaType.video ? 'video' : 'audio';
  switch (outcome) {
    case 'ended':
      return `${kind === 'video' ? 'Video' : 'Audio'} call, ${formatDuration(durationMs)}`;
    case 'declined':
      return 'Declined call';
    case 'busy':
      return 'Busy';
    case 'missed':
      return `Missed ${kind} call`;
  }
}

/** The attachments JSON of a call line. */
export function callAttachments(call: CallState): string {
  const outcome = outcomeOf(call);
  const body: Record<string, unknown> = { call_id: call.callId, media_type: call.media, outcome, caller_uin: call.callerUin };
  if (outcome === 'ended') body.duration_ms = durationOf(call);
  return JSON.stringify({ call: body });
}

/**
 * Stores the line of an ended call and queues its pushes: `group` first to each member who
 * could not see the conversation until now (a 1:1 whose first message this is), then
 * `message` to every member socket. Runs in its own transaction (a savepoint inside a
 * request's).
 */
export function writeCallLine(services: NetaloServices, call: CallState, later: Later): MessageRecord | undefined {
  const { transaction, groups, members, messages, users, ids, clock, views, push } = services;
  return transaction(() => {
    const group = groups.get(call.groupId);
    if (!group) return undefined; // the conversation is gone: nowhere to write
    const hiddenFrom = members
      .states(group.groupId)
      .filter((state) => !isVisibleTo(group, state))
      .map((state) => state.uin);
    const outcome = outcomeOf(call);
    const line: MessageRecord = {
      messageId: ids.next(),
      groupId: group.groupId,
      senderUin: call.callerUin,
      type: MessageType.call,
      message: fallbackText(outcome, call.media, durationOf(call)),
      attactments: callAttachments(call),
      senderName: users.get(call.callerUin)?.displayName ?? '',
      nonce: '',
      version: 0,
      status: STATUS_SENT,
      createdAt: Math.floor(clock()) * 1000, // µs
      changeId: '',
      editedAt: 0,
      deletedAt: 0,
    };
    line.changeId = line.messageId;
    messages.insert(line);
    groups.recordMessage(group.groupId, line.messageId);
    const after = groups.get(group.groupId) ?? group;
    const hiddenViews = hiddenFrom.length > 0 ? views.viewsFor(after, hiddenFrom) : [];
    const wire = messageToWire(line, {
      type: after.type,
      occupants: after.occupants,
      name: after.name,
      avatarUrl: after.avatarUrl,
      marks: members.states(after.groupId),
    });
    const occupants = [...after.occupants];
    later(() => {
      for (const { uin, group: view } of hiddenViews) push.toUsers([uin], 'group', view);
      push.toUsers(occupants, 'message', wire);
    });
    return line;
  });
}
