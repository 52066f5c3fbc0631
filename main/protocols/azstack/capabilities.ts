// What the AZStack adapter can do (notes, AZStack; CAPABILITIES.md). 1:1 and group chat with
// history (169), per-message delivered (167/74) and seen (153), typing (142/149, which never
// says "stopped": Parley lets it lapse), recall (127/151) and delete-for-me (168), groups with
// their admin operations, presence by polling user info (164, no push), unread counts (170),
// "delete conversation" (171), and 1:1 free calls (186–188). Users are provisioned by the app:
// no sign-up; people are found by their exact AZStack user ID (165), not searched.

import type { Capabilities } from '../../../contract/domain';

export const azstackCapabilities: Readonly<Capabilities> = Object.freeze({
  messaging: 'send-receive',
  signUp: false, // users belong to the app: connect takes azStackUserId + userCredentials
  directConversations: true, // chatType 1, chatId = the peer's userId
  groups: true, // 42 create, 147 list
  groupAdmin: true, // 44 invite, 43 leave/kick, 150 rename, 159 change admin
  history: true, // 169, paged by page with a fixed lastCreated
  editMessages: false,
  deleteMessages: true, // my own: recall (127 / 151); someone else's: 168 deletes my copy
  deliveryReceipts: true, // 167 / 74, sent automatically on receipt
  readReceipts: true, // 153
  unreadCounts: true, // 170 `unread` per conversation
  typing: true, // 142 / 149; lapses by itself (expiresAt)
  presence: true, // 164 `status`, polled while a conversation is on screen
  mute: false,
  pin: false,
  block: false,
  attachments: false, // stickers, files and locations arrive as a line naming them; no upload
  search: false,
  calls: true, // 1:1 free calls; the caller offers first (Call.callerOffers)
  userSearch: true, // exact user ID only (165 usernameList)
  messageRequests: false,
  clearHistory: true, // 171
  nudge: false,
});
