// "New conversation": find a person by name, open the direct conversation with them; or,
// where the account has groups, pick several people (+), name the group and create it.
// A modal <dialog> gives focus containment, Escape and the backdrop for free; the input
// is a combobox so arrow keys pick a result and Enter opens it (or, while people are
// picked, adds it to them).

import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useClient, useParley } from '../../client/ClientProvider';
import { isTransient, parseConversationRef } from '../../contract';
import { selectAccountList } from '../../store/selectors';
import type { User } from '../../contract';
import { t } from '../../i18n';
import { Avatar } from '../common/Avatar';
import { CloseIcon, PlusIcon, SearchIcon } from '../common/icons';
import { GroupSetup, PickedPeople } from './GroupSetup';
import { useUserSearch, type SearchState } from './useUserSearch';
import './dialog.css';
import { errorText } from '../common/error-text';

function statusText(state: SearchState, query: string, openError: string | null, groups: boolean): string | null {
  if (openError) return openError;
  switch (state.status) {
    case 'idle':
      return t(groups ? 'newConversation.pickHint' : 'newConversation.hint');
    case 'searching':
      return state.users.length ? null : t('newConversation.searching');
    case 'done':
      return state.users.length ? null : t('newConversation.noResults', { query: query.trim() });
    case 'error':
      // Not connected, no answer, or the server cannot be reached (ECONNREFUSED): say offline, not the socket's error.
      if (isTransient(state.code)) return t('newConversation.offline');
      if (state.code === 'unsupported') return t('newConversation.unsupported');
      return t('newConversation.searchFailed', { message: errorText(state) });
  }
}

const NO_USERS: User[] = [];

export function NewConversationDialog() {
  const client = useClient();
  const close = useParley((s) => s.setNewConversationOpen);
  const accounts = useParley(selectAccountList);
  const protocols = useParley((s) => s.protocols);
  // Start from the account being looked at: the filtered one, else the open conversation's, else the first.
  const preferred = useParley((s) => s.accountFilter ?? (s.openConversationRef ? parseConversationRef(s.openConversationRef).accountId : null));
  const searchable = accounts.filter((a) => a.capabilities.userSearch);
  const [accountId, setAccountId] = useState<string | null>(
    (searchable.find((a) => a.account.id === preferred) ?? searchable[0])?.account.id ?? null,
  );
  const chosen = accounts.find((a) => a.account.id === accountId);
  const myUserId = chosen?.account.userId;
  const groups = chosen?.capabilities.groups === true;
  // People picked for a group (several), in the order they were picked.
  const [picked, setPicked] = useState<User[]>([]);
  const dialog = useRef<HTMLDialogElement>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [openError, setOpenError] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);
  const search = useUserSearch(accountId, query, myUserId);
  const found = search.status === 'done' || search.status === 'searching' ? search.users : NO_USERS;
  // Whoever is already picked is not offered again (memoised: `users` keys the active row's reset).
  const users = useMemo(() => found.filter((u) => !picked.some((p) => p.id === u.id)), [found, picked]);
  const listId = useId();
  const titleId = useId();

  // No cleanup: unmounting removes the element, and with it the modal layer.
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    // showModal focuses the first button (Close): the dialog is for typing a name. (autoFocus
    // alone ran before the dialog was open, when focus could not go in.)
    searchInput.current?.focus();
  }, []);

  useEffect(() => setActive(0), [users]);
  // Another account searches other people.
  useEffect(() => setPicked([]), [accountId]);

  function pick(user: User) {
    setPicked((p) => (p.some((u) => u.id === user.id) ? p : [...p, user]));
    setQuery('');
  }

  async function open(user: User | undefined) {
    if (!user || opening || !accountId) return;
    // Picking people for a group: a click adds to them rather than opening a conversation.
    if (picked.length > 0) return pick(user);
    await openDirect(user);
  }

  async function openDirect(user: User) {
    if (opening || !accountId) return;
    setOpening(true);
    setOpenError(null);
    const result = await client.openDirect(accountId, user.id);
    if (!result.ok) {
      setOpenError(t('newConversation.openFailed', { message: errorText(result.error) }));
      setOpening(false);
    }
    // On success, openConversation closed this dialog.
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (users.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (i + step + users.length) % users.length);
    } else if (event.key === 'Enter' && event.shiftKey && groups && users[active]) {
      // Shift+Enter adds the highlighted person to the group (the row's "+", which is not a tab stop).
      event.preventDefault();
      pick(users[active]);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      void open(users[active]);
    } else if (event.key === 'Escape') {
      // One press closes the dialog (a search field's Esc would first only clear its text).
      event.preventDefault();
      close(false);
    } else if (event.key === 'Backspace' && query === '' && picked.length > 0) {
      setPicked((p) => p.slice(0, -1));
    }
  }

  const status = statusText(search, query, openError, groups);
  const optionId = (i: number) => `${listId}-${i}`;
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={titleId}
      onClose={() => close(false)}
      onClick={(e) => e.target === dialog.current && close(false) /* a click on the backdrop */}
    >
      <div className="dialog__panel">
        <header className="dialog__header">
          <h2 id={titleId} className="dialog__title">
            {t('newConversation.title')}
          </h2>
          <button type="button" className="icon-button" aria-label={t('newConversation.close')} onClick={() => close(false)}>
            <CloseIcon />
          </button>
        </header>
        {searchable.length > 1 && (
          <label className="dialog__account">
            <span className="field__label">{t('newConversation.account')}</span>
            <select
              className="field__input"
              data-testid="new-conversation-account"
              value={accountId ?? ''}
              onChange={(e) => setAccountId(e.target.value)}
            >
              {searchable.map((a) => (
                <option key={a.account.id} value={a.account.id}>
                  {t('account.on', {
                    name: a.account.displayName || a.account.username,
                    protocol: protocols.find((p) => p.protocol === a.account.protocol)?.label ?? a.account.protocol,
                  })}
                </option>
              ))}
            </select>
          </label>
        )}
        {picked.length > 0 && <PickedPeople people={picked} onRemove={(id) => setPicked((p) => p.filter((u) => u.id !== id))} />}
        <div className="search-box">
          <SearchIcon className="search-box__icon" />
          <input
            ref={searchInput}
            className="search-box__input"
            data-testid="user-search-input"
            type="search"
            role="combobox"
            aria-label={t('newConversation.searchLabel')}
            aria-expanded={users.length > 0}
            aria-controls={listId}
            aria-activedescendant={users.length ? optionId(active) : undefined}
            aria-autocomplete="list"
            placeholder={t('newConversation.searchPlaceholder')}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={onKeyDown}
            autoFocus
            spellCheck={false}
            autoComplete="off"
          />
        </div>
        <ul id={listId} className="user-results" role="listbox" aria-label={t('newConversation.searchLabel')}>
          {users.map((user, i) => (
            <li
              key={user.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className="user-result"
              data-testid="user-search-result"
              data-user-id={user.id}
              onMouseEnter={() => setActive(i)}
              onClick={() => void open(user)}
            >
              <Avatar id={user.id} name={user.displayName || user.username} size={36} />
              <span className="user-result__names">
                <span className="user-result__name">{user.displayName || user.username}</span>
                <span className="user-result__username">@{user.username}</span>
              </span>
              {groups && (
                // A mouse shortcut only: a button inside the option would nest controls (axe:
                // nested-interactive). Keyboards and screen readers add with Shift+Enter in the search box.
                <span
                  aria-hidden="true"
                  className="icon-button user-result__add"
                  data-testid="user-search-add"
                  title={t('members.addPerson', { name: user.displayName || user.username })}
                  onClick={(e) => {
                    e.stopPropagation();
                    pick(user);
                  }}
                >
                  <PlusIcon width={18} height={18} />
                </span>
              )}
            </li>
          ))}
        </ul>
        <p className="dialog__status" role="status">
          {status ?? t('newConversation.results', { count: users.length })}
        </p>
        {picked.length > 0 && accountId && <GroupSetup accountId={accountId} people={picked} onOpenDirect={(user) => void openDirect(user)} />}
      </div>
    </dialog>
  );
}
