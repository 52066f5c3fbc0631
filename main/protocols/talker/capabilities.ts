// What the talker adapter can do. talker is one conversation per pair of users, with
// history over HTTP, delivery ("notified") and read marks per message, a typing heartbeat,
// and media that travels as data URIs (received as attachments; sending files is the
// messages issue). No groups, no presence, and no sign-up from Parley: a talker account
// is confirmed by email.

import type { Capabilities } from '../../../contract/domain';

export const talkerCapabilities: Readonly<Capabilities> = Object.freeze({
  messaging: 'send-receive',
  signUp: false, // /register completes only after an emailed confirmation
  directConversations: true, // a conversation is the peer's user id
  groups: false,
  groupAdmin: false,
  history: true, // GET /messeages, paged with from_messeage
  editMessages: false,
  deleteMessages: false,
  deliveryReceipts: true, // `notified` {messeage_id}
  readReceipts: true, // `read` both ways
  unreadCounts: true, // /contacts carries `unread` per peer
  typing: true, // `type` heartbeat, `typing` {typer, typing}
  presence: false,
  mute: false,
  pin: false,
  block: false, // block_user / unlock_user exist; the UI for blocking is the conversations issue
  attachments: true, // received: data URIs become attachments
  search: false,
  calls: false,
  userSearch: true, // GET /search/users
  messageRequests: false,
  clearHistory: false,
  nudge: false,
});
