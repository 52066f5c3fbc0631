// What the Mingdao adapter can do. Mingdao's socket document has 1:1 and group messages,
// server unread counts ("unread count" / "clear unread"), recall ("withdraw … message",
// protocol notes), sticky-on-top (pin), group notices and member changes as pushes, and
// shake (nudge). It has no history call, no typing, no presence, no receipts to the sender,
// and no sign-up. Files travel through Qiniu upload tokens, which Parley does not speak:
// received files show as text lines naming them.

import type { Capabilities } from '../../../contract/domain';

export const mingdaoCapabilities: Readonly<Capabilities> = Object.freeze({
  messaging: 'send-receive',
  signUp: false, // accounts are made on Mingdao itself
  directConversations: true, // `send message` {touser}
  groups: true, // `send group message`, `new group`; Parley's `create group` extension
  groupAdmin: false, // only pushed (member added / removed, renamed); no command to make them
  history: false, // no history call: Parley keeps what it received
  editMessages: false,
  deleteMessages: true, // `withdraw user message` / `withdraw group message` (recall, for everyone)
  deliveryReceipts: false,
  // No receipt reaches the sender; but the core sends read marks only where this is set, and
  // Mingdao's `clear unread` is the server-side read mark that keeps its counts right.
  readReceipts: true,
  unreadCounts: true, // `sessions` / `unread count` per conversation, `clear unread`
  typing: false,
  presence: false,
  mute: false, // `set group notice` is only pushed: shown, not settable
  pin: true, // `sticky on top`
  block: false,
  attachments: false, // Qiniu uploads are not spoken; received files are named in text
  search: false,
  calls: false,
  userSearch: true, // no search on the wire: names seen so far, and an exact account ID via `session info`
  messageRequests: false,
  clearHistory: false,
  nudge: true, // `shake shake` / `group shake`
});
