// Screen readers hear a new message politely ("Bob: are you there?") without leaving what
// they are doing. The visible thread is virtualised: rows enter and leave the DOM as it
// scrolls, so it cannot be the live region itself (scrolling up would read out old messages
// as "new"). This visually hidden log holds only what arrived from others while the
// conversation was open: the last few lines, so the region stays small.

import { useEffect, useRef, useState } from 'react';
import { useParley } from '../../client/ClientProvider';
import type { Conversation } from '../../contract';
import { t } from '../../i18n';
import { userName } from '../../store/names';
import { selectThread } from '../../store/selectors';

const KEEP = 3;

interface Line {
  key: string;
  text: string;
}

export function NewMessageAnnouncer({ conversation, conversationRef }: { conversation: Conversation; conversationRef: string }) {
  const thread = useParley(selectThread(conversationRef));
  const accounts = useParley((s) => s.accounts);
  const users = useParley((s) => s.users);
  const myUserId = accounts[conversation.accountId]?.account.userId;
  /** Keys already in the thread (or announced): only a key not seen before is news. */
  const seen = useRef<Set<string> | null>(null);
  const [lines, setLines] = useState<Line[]>([]);

  useEffect(() => {
    if (!thread) return;
    if (seen.current === null) {
      // What the thread held when it opened (cache and history) is not news.
      seen.current = new Set(thread.keys);
      return;
    }
    const fresh: string[] = [];
    for (const key of thread.keys) {
      if (seen.current.has(key)) continue;
      seen.current.add(key);
      const m = thread.byKey[key];
      if (!m || m.senderId === myUserId || m.kind !== 'text' || m.deleted) continue;
      fresh.push(key);
    }
    // Only the last KEEP are kept: only those are worded (a burst brings thousands at once).
    const lines: Line[] = fresh.slice(-KEEP).map((key) => {
      const m = thread.byKey[key]!;
      const who = userName({ users, accounts }, conversation.accountId, m.senderId, conversation) ?? t('conversation.someone');
      return { key, text: t('conversation.announce', { name: who, text: m.text || t('conversation.attachmentOnly') }) };
    });
    if (lines.length) setLines((l) => [...l, ...lines].slice(-KEEP));
  }, [thread, myUserId, users, accounts, conversation]);

  return (
    <div className="visually-hidden" role="log" aria-live="polite" aria-relevant="additions" data-testid="new-message-announcer">
      {lines.map((l) => (
        <p key={l.key}>{l.text}</p>
      ))}
    </div>
  );
}
