// What the Haraj adapter can do. Haraj is one p2p topic per pair of users (`p2p1_2`), with
// the WebSocket only receiving (message, reads, presence, typing packets) and everything
// else over the companion HTTP API (the protocol notes). The document only *receives*
// typing and reads; Parley also *sends* them, over HTTP: reads because the notes say read
// receipts go over HTTP (`POST /chat/topics/:id/reads`), typing over Parley's own
// `POST /chat/topics/:id/typing` (a server without it answers 404, and the adapter then stops
// sending typing: the peer simply never sees it). No groups, edits, deletions, files, calls.

import type { Capabilities } from '../../../contract/domain';

export const harajCapabilities: Readonly<Capabilities> = Object.freeze({
  messaging: 'send-receive', // POST /chat/topics/:id/messages; message packets on /chat/ws
  signUp: false, // no sign-up in the document or the notes
  directConversations: true, // POST /chat/topics {type: 'p2p', peer_id}
  groups: false,
  groupAdmin: false,
  history: true, // GET /chat/topics/:id/messages (the companion API): what a restart recovers from
  editMessages: false,
  deleteMessages: false,
  deliveryReceipts: false,
  readReceipts: true, // reads packets received; sent over HTTP
  unreadCounts: true, // GET /chat/topics carries `unread` per topic
  typing: true, // pres typing / stop_typing received; sent over Parley's HTTP extension
  presence: true, // listen / unlisten per peer, pres online / offline
  mute: false,
  pin: false,
  block: false,
  attachments: false, // content.type other than text/plain shows as a placeholder line
  search: false,
  calls: false,
  userSearch: true, // GET /chat/users?q= (Parley's extension: the only way to find a peer_id)
  messageRequests: false,
  clearHistory: false,
  nudge: false,
});
