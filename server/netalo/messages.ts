// Netalo requests about messages: list_message, create_message, update_message,
// delete_message (server/PROTOCOL.md).

import type { Handler, RequestContext } from './context';
import type { GroupRecord } from './group-store';
import type { MessageRecord } from './message-store';
import { forbidden, invalidRequest, notFound } from './results';
import { createMessageRequest, deleteMessageRequest, listMessageRequest, parseRequest, updateMessageRequest } from './validate';
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
  if (req.changed_after !== undefined) {
    // Resync: the client names the last change it holds; pages forward, oldest change first.
    return { messages: ctx.services.messages.changedAfter(req.group_id, req.changed_after, req.psize).map(messageToWire) };
  }
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
      changeId: '',
      editedAt: 0,
      deletedAt: 0,
    };
    message.changeId = message.messageId;
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

/** The message, if it is in this group (else result 3), with the group's members. */
function messageInGroup(ctx: RequestContext, groupId: string, messageId: string): { message: MessageRecord; members: string[] } {
  const group = groupOfMember(ctx, groupId);
  const message = ctx.services.messages.get(messageId);
  if (!message || message.groupId !== groupId) throw notFound(`message_id: no message ${messageId} in this group`);
  return { message, members: group.occupants };
}

/** Only the sender may change a message, and a deleted one stays deleted. */
function checkOwnLiveMessage(ctx: RequestContext, message: MessageRecord, action: 'edit' | 'delete'): void {
  if (message.senderUin !== ctx.uin) throw forbidden(`only its sender may ${action} a message`);
  if (message.deletedAt > 0) throw invalidRequest('message_id: the message was deleted');
}

const updateMessage: Handler = (ctx, payload) => {
  const req = parseRequest(updateMessageRequest, payload);
  const { transaction, messages, ids, clock } = ctx.services;
  const outcome = transaction(() => {
    const { message, members } = messageInGroup(ctx, req.group_id, req.message_id);
    // The receipt form (a status and no text): accepted, as real clients send it; receipts
    // are not stored yet, so it changes nothing.
    if (req.message === '') return { message, members, changed: false };
    checkOwnLiveMessage(ctx, message, 'edit');
    if (message.message === req.message) return { message, members, changed: false };
    messages.edit(message.messageId, req.message, Math.floor(clock()) * 1000, ids.next());
    return { message: messages.get(message.messageId)!, members, changed: true };
  });
  const wire = messageToWire(outcome.message);
  if (outcome.changed) ctx.afterAck(() => ctx.services.push.toUsers(outcome.members, 'update_message', wire));
  return { message: wire };
};

const deleteMessage: Handler = (ctx, payload) => {
  const req = parseRequest(deleteMessageRequest, payload);
  const { transaction, messages, ids, clock } = ctx.services;
  const outcome = transaction(() => {
    const { message, members } = messageInGroup(ctx, req.group_id, req.message_id);
    // Deleting twice (a resend after a lost ack) is not an error: the outcome is the same.
    if (message.deletedAt > 0 && message.senderUin === ctx.uin) return { message, members, changed: false };
    checkOwnLiveMessage(ctx, message, 'delete');
    messages.delete(message.messageId, Math.floor(clock()) * 1000, ids.next());
    return { message: messages.get(message.messageId)!, members, changed: true };
  });
  const wire = messageToWire(outcome.message);
  // The push names the message and carries its tombstone, so a client needs no second request.
  if (outcome.changed) {
    ctx.afterAck(() =>
      ctx.services.push.toUsers(outcome.members, 'delete_message', { group_id: wire.group_id, message_id: wire.message_id, message: wire }),
    );
  }
  return { message: wire };
};

export const messageHandlers: Readonly<Record<string, Handler>> = {
  list_message: listMessage,
  create_message: createMessage,
  update_message: updateMessage,
  delete_message: deleteMessage,
};
