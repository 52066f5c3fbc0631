// What the Netalo adapter can do today. The UI reads these flags instead of asking which
// protocol it talks to, so a flag is true only once the adapter really implements it.
//
// The Netalo protocol itself supports much more (see ../CAPABILITIES.md): groups
// (create/update/leave_group), mute/pin/block (mute_group, pin_group, block_user),
// edit/delete (update_message, delete_message), delivery and read receipts (received_list /
// seen_list, update_message with a status), typing (`event` types 8/9), unread counts
// (unread_cnt) and calls (create_call, ice_sdp, ice_candidate). Each flag becomes true as a
// later issue implements it here and the reference server serves it.

import type { Capabilities } from '../../../contract/domain';

export const netaloCapabilities: Readonly<Capabilities> = Object.freeze({
  messaging: 'send-receive',
  signUp: true, // Parley's own HTTP POST /api/v1/signup on the reference server
  directConversations: true, // check_group / create_group, private type 1 with two occupants
  groups: false,
  groupAdmin: false,
  history: true, // list_message, paged by last_message_id
  editMessages: false,
  deleteMessages: false,
  deliveryReceipts: false,
  readReceipts: false,
  // unread_cnt is mapped through, but the reference server keeps it at 0 until read state lands.
  unreadCounts: false,
  typing: false,
  presence: true, // user_status pushes
  mute: false,
  pin: false,
  block: false,
  attachments: false,
  search: false,
  calls: false,
  userSearch: true, // GET /api/v1/users?q=
  messageRequests: false,
  clearHistory: false,
});
