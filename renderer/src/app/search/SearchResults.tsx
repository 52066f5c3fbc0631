// What the search found: conversations by name, then messages grouped by conversation
// (newest match first), each with the matched words marked. Choosing a message opens its
// conversation scrolled to it, highlighted (client.openConversation with `focusKey`).

import { forwardRef, useImperativeHandle, useRef, useState, type KeyboardEvent } from 'react';
import { useClient, useParley } from '../../client/ClientProvider';
import { conversationRef, type Conversation } from '../../contract';
import type { StoredMessage } from '../../db/database';
import { t } from '../../i18n';
import { formatListTime } from '../../i18n/time';
import { userName } from '../../store/names';
import { Avatar } from '../common/Avatar';
import { EmptyState } from '../common/EmptyState';
import { useNow } from '../common/useNow';
import { Highlighted, snippet } from './Highlighted';
import { useSearch } from './useSearch';

/** Messages shown per conversation before "N more". */
const PER_CONVERSATION = 5;

export interface SearchResultsHandle {
  focusFirst(): void;
  openFirst(): void;
}

/** Arrow keys move between results. */
function moveFocus(event: KeyboardEvent<HTMLElement>) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const items = Array.from(event.currentTarget.querySelectorAll<HTMLButtonElement>('.search-item'));
  const index = items.indexOf(document.activeElement as HTMLButtonElement);
  const next = items[index + (event.key === 'ArrowDown' ? 1 : -1)];
  if (next) {
    event.preventDefault();
    next.focus();
  }
}

export const SearchResults = forwardRef<SearchResultsHandle, { query: string }>(function SearchResults({ query }, ref) {
  const client = useClient();
  const { words, conversations, groups, pending } = useSearch(query);
  const byRef = useParley((s) => s.conversationsByRef);
  const [chosen, setChosen] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const root = useRef<HTMLDivElement>(null);
  const now = useNow();

  useImperativeHandle(ref, () => ({
    focusFirst: () => root.current?.querySelector<HTMLButtonElement>('.search-item')?.focus(),
    openFirst: () => root.current?.querySelector<HTMLButtonElement>('.search-item')?.click(),
  }));

  const openConversation = (c: Conversation) => {
    const r = conversationRef(c.accountId, c.id);
    setChosen(r);
    void client.openConversation(r);
  };
  const openMessage = (m: StoredMessage) => {
    setChosen(`${conversationRef(m.accountId, m.conversationId)}|${m.key}`);
    void client.openConversation(conversationRef(m.accountId, m.conversationId), { focusKey: m.key });
  };

  const nothing = conversations.length === 0 && groups !== null && groups.length === 0 && !pending;
  return (
    <div ref={root} className="search-results" data-testid="search-results" data-pending={pending ? 'true' : 'false'} role="region" aria-label={t('search.resultsLabel')} aria-busy={pending} onKeyDown={moveFocus}>
      {conversations.length > 0 && (
        <section className="search-group" data-testid="search-conversations">
          <h3 className="search-group__title">{t('search.conversations')}</h3>
          <ul className="search-group__items">
            {conversations.map((c) => {
              const r = conversationRef(c.accountId, c.id);
              return (
                <li key={r}>
                  <button type="button" className="search-item search-item--conversation" data-testid="search-conversation" aria-current={chosen === r ? 'true' : undefined} onClick={() => openConversation(c)}>
                    <Avatar id={c.peerId ?? c.id} name={c.title} size={28} image={c.avatarImage || undefined} />
                    <span className="search-item__title" data-testid="search-conversation-title" dir="auto">
                      <Highlighted text={c.title} query={words} />
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {groups?.map((group) => {
        const c = byRef[group.ref]!;
        const shown = expanded.has(group.ref) ? group.messages : group.messages.slice(0, PER_CONVERSATION);
        const more = group.messages.length - shown.length;
        return (
          <section key={group.ref} className="search-group" data-testid="search-group" data-conversation-ref={group.ref}>
            <h3 className="search-group__title search-group__title--conversation">
              <Avatar id={c.peerId ?? c.id} name={c.title} size={20} image={c.avatarImage || undefined} />
              <span className="search-group__name" data-testid="search-group-title" dir="auto">
                {c.title}
              </span>
              <span className="search-group__count">{t('search.matches', { count: group.messages.length })}</span>
            </h3>
            <ul className="search-group__items">
              {shown.map((m) => (
                <li key={m.key}>
                  <button
                    type="button"
                    className="search-item"
                    data-testid="search-result"
                    data-message-key={m.key}
                    aria-current={chosen === `${group.ref}|${m.key}` ? 'true' : undefined}
                    onClick={() => openMessage(m)}
                  >
                    <span className="search-item__line">
                      <span className="search-item__text" dir="auto">
                        <SenderName message={m} conversation={c} />
                        <Highlighted text={snippet(m.text, words)} query={words} />
                      </span>
                      <time className="search-item__time" dateTime={new Date(m.sentAt).toISOString()}>
                        {formatListTime(m.sentAt, now)}
                      </time>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
            {more > 0 && (
              <button type="button" className="search-group__more" data-testid="search-more" onClick={() => setExpanded(new Set([...expanded, group.ref]))}>
                {t('search.more', { count: more })}
              </button>
            )}
          </section>
        );
      })}
      {groups === null && conversations.length === 0 && <p className="search-results__status">{t('search.searching')}</p>}
      {nothing && <EmptyState title={t('search.noResults', { query: query.trim() })} />}
    </div>
  );
});

/** Who wrote it: "You" for my own, the sender's name in a group; nothing for the other person of a direct conversation (the group's title says it). */
function SenderName({ message: m, conversation }: { message: StoredMessage; conversation: Conversation }) {
  const name = useParley((s) => {
    if (s.accounts[m.accountId]?.account.userId === m.senderId) return t('search.you');
    if (conversation.kind !== 'group') return '';
    return userName(s, m.accountId, m.senderId, conversation) ?? t('user.someone');
  });
  return name ? <span className="search-item__sender">{t('search.sender', { name })}</span> : null;
}
