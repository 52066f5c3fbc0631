// The sidebar's list, newest activity first. It renders rows only, so a virtualised list can
// replace the <ul> without touching ConversationRow; on a start, the rows that fit the window
// come first and the rest follow while the page is idle (use-rows-shown.ts).

import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useClient, useParley } from '../../client/ClientProvider';
import { t } from '../../i18n';
import { conversationRef } from '../../contract';
import { selectAccountList, selectListPending, selectListRetrying, selectSortedConversations } from '../../store/selectors';
import { adoptEarlyListInPlace } from '../early-list';
import { EmptyState } from '../common/EmptyState';
import { useNow } from '../common/useNow';
import { ConversationRow } from './ConversationRow';
import { keepRowsRemembered } from './keep-rows-remembered';
import { useRememberList } from './use-remember-list';
import { useRowsShown } from './use-rows-shown';

/** Arrow keys move between rows; Tab leaves the list. */
function moveFocus(event: KeyboardEvent<HTMLUListElement>) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const rows = Array.from(event.currentTarget.querySelectorAll<HTMLButtonElement>('[data-testid="conversation-item"]'));
  const index = rows.indexOf(document.activeElement as HTMLButtonElement);
  const next = rows[index + (event.key === 'ArrowDown' ? 1 : -1)];
  if (next) {
    event.preventDefault();
    next.focus();
  }
}

export function ConversationList() {
  const conversations = useParley(selectSortedConversations);
  const dataState = useParley((s) => s.dataState);
  const pending = useParley(selectListPending);
  const retrying = useParley(selectListRetrying);
  const openRef = useParley((s) => s.openConversationRef);
  const accounts = useParley(selectAccountList);
  const protocols = useParley((s) => s.protocols);
  const openDialog = useParley((s) => s.setNewConversationOpen);
  const now = useNow();
  const shown = useRowsShown(conversations.length);
  const nav = useRef<HTMLElement>(null);
  // Nothing to show yet: the rows painted before React stay (a first start whose server
  // answers after the chat screen is up), else the list says it is loading, never "empty".
  const waiting = dataState === 'none' || (conversations.length === 0 && pending);
  // For the next start's rows painted before React (early-rows.ts): measured once the list is there.
  useRememberList(nav, !waiting, accounts, protocols);
  // And its rows, so that they paint without waiting for IndexedDB (keep-rows-remembered.ts).
  const { store } = useClient();
  useEffect(() => keepRowsRemembered(store), [store]);

  // For end-to-end tests: the list on screen now comes from the cache, or has synced live.
  useEffect(() => {
    if (dataState === 'none') return;
    document.documentElement.dataset.parleyReady = dataState;
    return () => {
      delete document.documentElement.dataset.parleyReady;
    };
  }, [dataState]);

  if (waiting) {
    return (
      <div className="conversation-list__pending" data-testid="conversation-list-pending" ref={adoptEarlyListInPlace}>
        <p className="sidebar__loading" role="status" data-testid="conversation-list-status" data-retrying={retrying ? 'true' : undefined}>
          {t(retrying ? 'conversations.retrying' : 'conversations.loading')}
        </p>
      </div>
    );
  }
  return (
    <nav ref={nav} className="conversation-list" aria-label={t('sidebar.label')}>
      {conversations.length === 0 ? (
        <EmptyState title={t('conversations.empty')}>
          <button type="button" className="button button--primary" onClick={() => openDialog(true)}>
            {t('conversations.emptyAction')}
          </button>
        </EmptyState>
      ) : null}
      <ul className="conversation-list__items" data-testid="conversation-list" onKeyDown={moveFocus}>
        {conversations.slice(0, shown).map((c) => {
          const ref = conversationRef(c.accountId, c.id);
          const account = accounts.find((a) => a.account.id === c.accountId)?.account;
          const protocol = protocols.find((p) => p.protocol === account?.protocol)?.label ?? account?.protocol ?? '';
          return (
            <li key={ref}>
              <ConversationRow
                conversation={c}
                selected={ref === openRef}
                myUserId={account?.userId}
                accountLabel={accounts.length > 1 && account ? `${account.username} · ${protocol}` : null}
                now={now}
              />
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
