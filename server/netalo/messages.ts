// Netalo requests about messages: list_message, create_message (server/PROTOCOL.md).

import type { Handler, RequestContext } from './context';
import type { GroupRecord } from './group-store';
import type { MessageRecord } from './message-store';
import { forbidden, notFound } from './results';
import { createMessageRequest, listMessageRequest, parseRequest } from './validate';
import { messageToWire } from './wire-objects';

/** Status of a stored message: the server has it (receipts are not implemented yet). */
const MESSAGE_STATUS_SENT = 1;

/** The group, if it exists (else result 3) and the caller is a member (else result 4). */
function groupOfMember(ctx: RequestContext, groupId: string): GroupRecord {
  const group = ctx.services.groups.get(groupId);
  if (!group) throw notFound(`group_id: no group ${groupId}`);
  if (!group.occupants.includes(ctx.uin)) throw forbidden('you are not a member of this group');
  return group;
}

const listMessage: Handler = (ctx, payload) => {
  const req = parseRequest(listMessageRequest, payload);
  groupOfMember(ctx, req.group_id);
  const messages = ctx.services.messages.list(req.group_id, {
    before: req.last_message_id,
    after: req.last_seen_message_id,
    offset: req.pindex * req.psize,
    limit: req.psize,
  });
  return { messages: messages.map(messageToWire) };
};

const createMessage: Handler = (ctx, payload) => {
  const req = parseRequest(createMessageRequest, payload);
  const { transaction, messages, groups, users, ids, clock } = ctx.services;

  const outcome = transaction((): { message: MessageRecord; members: string[]; created: boolean } => {
    const group = groupOfMember(ctx, req.group_id);
    // A resend (the ack was lost) carries the same nonce: answer with the original, add nothing.
    // Without a nonce (real Netalo clients send none) every request is a new message.
    const original = req.nonce === '' ? undefined : messages.findByNonce(ctx.uin, req.group_id, req.nonce);
    if (original) return { message: original, members: group.occupants, created: false };
    const message: MessageRecord = {
      messageId: ids.next(),
      groupId: req.group_id,
      senderUin: ctx.uin,
      type: req.type,
      message: req.message,
      attactments: req.attactments,
      // The client's own sender_name when it sends one (real clients do), else the account's name.
      senderName: req.sender_name || (users.get(ctx.uin)?.displayName ?? ''),
      nonce: req.nonce,
      version: req.version,
      status: MESSAGE_STATUS_SENT,
      createdAt: Math.floor(clock()) * 1000, // µs
    };
    messages.insert(message);
    groups.recordMessage(req.group_id, message.messageId);
    return { message, members: group.occupants, created: true };
  });

  const wire = messageToWire(outcome.message);
  if (outcome.created) {
    // Every member's sockets, the sender's own included (its other devices need it too).
    ctx.afterAck(() => ctx.services.push.toUsers(outcome.members, 'message', wire));
  }
  return { message: wire };
};

export const messageHandlers: Readonly<Record<string, Handler>> = {
  list_message: listMessage,
  create_message: createMessage,
};
