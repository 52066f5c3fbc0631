// What the Netalo adapter can do today. The UI reads these flags instead of asking which
// protocol it talks to, so a flag is true only once the adapter really implements it.
//
// Still to come (see ../CAPABILITIES.md): message search. A flag becomes true as a later
// issue implements it here and the reference server serves it.

import type { Capabilities } from '../../../contract/domain';
import { NETALO_ATTACHMENT_LIMITS } from './files';

export const netaloCapabilities: Readonly<Capabilities> = Object.freeze({
  messaging: 'send-receive',
  signUp: true, // Parley's own HTTP POST /api/v1/signup on the reference server
  directConversations: true, // check_group / create_group, private type 1 with two occupants
  groups: true, // create_group types 2 (community) / 3 (public), system messages (type 10)
  groupAdmin: true, // update_group (name, avatar_url, owner_uin, push_all, pull_all), leave_group
  history: true, // list_message, paged by last_message_id
  editMessages: true, // update_message {group_id, message_id, message}: my own messages only
  deleteMessages: true, // delete_message {group_id, message_id}: for everyone, my own only
  deliveryReceipts: true, // received_list; update_message status 2 for what reaches this device
  readReceipts: true, // seen_list; update_message status 3 when the user reads
  unreadCounts: true, // unread_cnt on every group object, the server's count wins
  typing: true, // `event` types 8 / 9
  presence: true, // user_status pushes, status_list
  mute: true, // mute_group / unmute_group, synced to my other sessions
  pin: true, // pin_group / unpin_group, synced to my other sessions
  block: true, // block_user / unblock_user, per group
  attachments: true, // POST /api/v1/files, then create_message type 2 (image) / 3 (file)
  attachmentLimits: NETALO_ATTACHMENT_LIMITS,
  search: false,
  calls: true, // create_call, answer_call, stop_call, call_status, ice_sdp, ice_candidate, `event` 1–7 (calls.ts)
  userSearch: true, // GET /api/v1/users?q=
  messageRequests: true, // Parley's server: `accepted` on the group object, accept_group
  clearHistory: true, // delete_conversation: my copy only, I stay a member
  nudge: false,
});
