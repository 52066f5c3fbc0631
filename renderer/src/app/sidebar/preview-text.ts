// A conversation row's one-line preview of its last message, worded from my side: shared by
// the React row (ConversationRow.tsx) and the rows painted before React is there (early-rows.ts).

import type { Conversation } from '../../contract';
import { t } from '../../i18n';
import { callLineText } from '../calls/call-text';

export function previewText(c: Conversation, myUserId: string | undefined): string {
  const last = c.lastMessage;
  if (!last) return t('conversations.previewEmpty');
  // A call line is worded from my side ("Missed call", "No answer"), never "You: …".
  if (last.call) return callLineText(last.call, myUserId);
  // Newlines would break the one-line preview; the whole text is in the thread.
  const text = last.text.replace(/\s+/g, ' ').trim() || t('conversations.previewDeleted');
  return last.senderId === myUserId ? t('conversations.previewYou', { text }) : text;
}
