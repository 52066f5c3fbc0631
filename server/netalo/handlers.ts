// Every Netalo request handler of the chat itself, by event name: one map for the server to
// register (start-server.ts merges in the profile-token handlers beside it) and for the fuzz
// tests to aim at.

import { blockHandlers } from './blocks';
import { routeEvents } from './calls/call-event-route';
import { callHandlers } from './calls/call-handlers';
import { callSignalHandlers } from './calls/call-signals';
import type { Handler } from './context';
import { conversationSettingsHandlers } from './conversation-settings';
import { groupAdminHandlers } from './group-admin';
import { groupHandlers } from './groups';
import { messageHandlers } from './messages';
import { typingHandlers } from './typing';

export const netaloHandlers: Readonly<Record<string, Handler>> = {
  ...groupHandlers,
  ...groupAdminHandlers,
  ...conversationSettingsHandlers,
  ...blockHandlers,
  ...messageHandlers,
  ...callHandlers,
  ...callSignalHandlers,
  // `event`: 8 / 9 typing, 1-7 calls.
  event: routeEvents(typingHandlers.event!),
};
