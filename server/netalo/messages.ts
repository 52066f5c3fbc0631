// Netalo requests about messages: list_message, create_message, update_message (edits, and
// receipts: receipts.ts), delete_message (server/PROTOCOL.md).

import { compareIds } from '../id-format';
import type { Handler, RequestContext } from './context';
import type { GroupRecord } from './group-store';
import { isVisibleTo } from './group-view';
import { laterId } from './member-store';
import type { MessageRecord } from './message-store';
import { MessageType } from './message-types';
import { groupHeadOfMember, groupOfMember, messageContext, pushGroupViews, pushToUsers, reload } from './membership';
import { recordReceipt } from './receipts';
import { acceptConversation } from './requests';
import { carriesFiles, resolveAttachedFiles } from './attached-files';
import { forbidden, invalidRequest, notFound } from './results';
import { createMessageRequest, deleteMessageRequest, listMessageRequest, parseRequest, updateMessageRequest } from './validate';
import { messageToWire } from './wire-objects';

/** Status of a stored message: the server has it (receipts are per member, in the group object). */
const MESSAGE_STATUS_SENT = 1;

/** What a blocked member is told when a message is refused (server/PROTOCOL.md, block_user). */
export const BLOCKED_REASON = 'you were blocked in this conversation: your message was not sent';

const listMessage: Handler = (ctx, payload) => {
  const req = parseRequest(listMessageRequest, payload);
  const context = messageContext(ctx, groupOfMember(ctx, req.group_id));
  const toWire = (m: MessageRecord) => messageToWire(m, context);
  // delete_conversation: what the caller cleared is gone for them, in every form of the request.
  const cleared = ctx.services.members.state(req.group_id, ctx.uin)?.clearedId ?? null;
  if (req.changed_after !== undefined) {
    // Resync: the client names the last change it holds; pages forward, oldest change first.
    return { messages: ctx.services.messages.changedAfter(req.group_id, req.changed_after, req.psize, cleared).map(toWire) };
  }
  const after = laterId(req.last_seen_message_id ?? null, cleared);
  const messages = ctx.services.messages.list(req.group_id, {
    before: req.last_message_id,
    ...(after === null ? {} : { after }),
    offset: req.pindex * req.psize,
    limit: req.psize,
  });
  return { messages: messages.map(toWire) };
};

const createMessage: Handler = (ctx, payload) => {
  const req = parseRequest(createMessageRequest, payload);
  const { transaction, messages, groups, members, users, ids, clock } = ctx.services;

  return transaction(() => {
    // A flood runs this once per message: each store read below is made once (no last
    // message read for the group, the members' states read once, the group not read again
    // after the write unless accepting the request changed it).
    const group = groupHeadOfMember(ctx, req.group_id);
    // A resend (the ack was lost) carries the same nonce: answer with the original, add nothing.
    // Without a nonce (real Netalo clients send none) every request is a new message.
    const original = req.nonce === '' ? undefined : messages.findByNonce(ctx.uin, req.group_id, req.nonce);
    if (original) return { message: messageToWire(original, messageContext(ctx, group)) };
    if (members.isBlocked(group.groupId, ctx.uin)) throw forbidden(BLOCKED_REASON);
    // Images and files: the attachments name uploads, checked and described by the server.
    const files = carriesFiles(req.type) ? resolveAttachedFiles(ctx, req.type, req.attactments) : undefined;
    // Whoever could not see the conversation until now (the peer of a new 1:1, a member who
    // cleared it) is sent the group just before the message, so the message has a home.
    const states = members.states(group.groupId);
    const hiddenFrom = states.filter((state) => !isVisibleTo(group, state)).map((state) => state.uin);
    const message: MessageRecord = {
      messageId: ids.next(),
      groupId: req.group_id,
      senderUin: ctx.uin,
      type: req.type,
      message: req.message,
      attactments: files ? files.attachments : req.attactments,
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
    // Every member of this conversation may now download the files.
    for (const fileId of files?.fileIds ?? []) ctx.services.files.linkToMessage(fileId, group.groupId, message.messageId);
    groups.recordMessage(req.group_id, message.messageId);
    // Answering a message request accepts it (requests.ts).
    const accepted = acceptConversation(ctx, group.groupId, ctx.uin, states.find((state) => state.uin === ctx.uin));
    // The group now: only its last message moved (recordMessage), unless accepting changed more.
    const after: GroupRecord = accepted ? reload(ctx, group.groupId) : { ...group, lastMessageId: message.messageId, lastMessage: message };
    const wire = messageToWire(message, messageContext(ctx, after, accepted ? undefined : states));
    pushGroupViews(ctx, 'group', after, hiddenFrom, { exceptSocketId: ctx.socketId });
    // Every member's sockets, the sender's own included (its other devices need it too).
    pushToUsers(ctx, after.occupants, 'message', wire);
    // The sender's sockets too: the ack carries the message, not the group's new state.
    if (accepted) pushGroupViews(ctx, 'update_group', after, after.occupants);
    return { message: wire };
  });
};

/** The message, if it is in this group (else result 3), with the group. */
function messageInGroup(ctx: RequestContext, groupId: string, messageId: string): { message: MessageRecord; group: GroupRecord } {
  const group = groupOfMember(ctx, groupId);
  const message = ctx.services.messages.get(messageId);
  if (!message || message.groupId !== groupId) throw notFound(`message_id: no message ${messageId} in this group`);
  return { message, group };
}

/** The members who still have the message: not those who cleared the conversation past it. */
function stillShownTo(ctx: RequestContext, group: GroupRecord, message: MessageRecord): string[] {
  return ctx.services.members
    .states(group.groupId)
    .filter((state) => state.clearedId === null || compareIds(message.messageId, state.clearedId) > 0)
    .map((state) => state.uin);
}

/** Only the sender may change a message, and a deleted one stays deleted; system and call lines stay as written. */
function checkOwnLiveMessage(ctx: RequestContext, message: MessageRecord, action: 'edit' | 'delete'): void {
  if (message.type === MessageType.system) throw forbidden(`a system message cannot be changed: no one may ${action} it`);
  if (message.type === MessageType.call) throw forbidden(`a call's history line cannot be changed: no one may ${action} it`);
  if (message.senderUin !== ctx.uin) throw forbidden(`only its sender may ${action} a message`);
  if (message.deletedAt > 0) throw invalidRequest('message_id: the message was deleted');
}

const updateMessage: Handler = (ctx, payload) => {
  const req = parseRequest(updateMessageRequest, payload);
  const { transaction, messages, ids, clock } = ctx.services;
  return transaction(() => {
    const { message, group } = messageInGroup(ctx, req.group_id, req.message_id);
    // The receipt form (a status and no text): moves the caller's received / seen mark (receipts.ts).
    if (req.message === '') {
      recordReceipt(ctx, message, req.status);
      return { message: messageToWire(message, messageContext(ctx, group)) };
    }
    checkOwnLiveMessage(ctx, message, 'edit');
    if (message.message === req.message) return { message: messageToWire(message, messageContext(ctx, group)) };
    messages.edit(message.messageId, req.message, Math.floor(clock()) * 1000, ids.next());
    const wire = messageToWire(messages.get(message.messageId)!, messageContext(ctx, group));
    pushToUsers(ctx, stillShownTo(ctx, group, message), 'update_message', wire);
    return { message: wire };
  });
};

const deleteMessage: Handler = (ctx, payload) => {
  const req = parseRequest(deleteMessageRequest, payload);
  const { transaction, messages, ids, clock } = ctx.services;
  return transaction(() => {
    const { message, group } = messageInGroup(ctx, req.group_id, req.message_id);
    // Deleting twice (a resend after a lost ack) is not an error: the outcome is the same.
    if (message.deletedAt > 0 && message.senderUin === ctx.uin) return { message: messageToWire(message, messageContext(ctx, group)) };
    checkOwnLiveMessage(ctx, message, 'delete');
    messages.delete(message.messageId, Math.floor(clock()) * 1000, ids.next());
    const wire = messageToWire(messages.get(message.messageId)!, messageContext(ctx, group));
    // The push names the message and carries its tombstone, so a client needs no second request.
    pushToUsers(ctx, stillShownTo(ctx, group, message), 'delete_message', { group_id: wire.group_id, message_id: wire.message_id, message: wire });
    return { message: wire };
  });
};

export const messageHandlers: Readonly<Record<string, Handler>> = {
  list_message: listMessage,
  create_message: createMessage,
  update_message: updateMessage,
  delete_message: deleteMessage,
};
