// A group's members beside the thread: who is in it, who owns it, who is online. The owner
// also renames it, changes its photo, adds and removes people and hands ownership on;
// everyone may leave it or delete their copy. Only what the user may do is shown; what the
// server refuses anyway shows inline in its words.

import { useState, type FormEvent } from 'react';
import { useClient, useParley } from '../../client/ClientProvider';
import type { Conversation, Result, User } from '../../contract';
import { t } from '../../i18n';
import { userName } from '../../store/names';
import { Avatar } from '../common/Avatar';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { CloseIcon, PlusIcon, SearchIcon } from '../common/icons';
import { WithPresence } from '../common/PresenceDot';
import { useUserSearch } from '../sidebar/useUserSearch';
import { conversationActions } from './conversation-actions';
import './groups.css';
import { errorText } from '../common/error-text';

interface Confirmation {
  message: string;
  label: string;
  run: () => Promise<Result<null>>;
}

export function MemberPanel({ conversation: c, conversationRef }: { conversation: Conversation; conversationRef: string }) {
  const client = useClient();
  const status = useParley((s) => s.accounts[c.accountId]);
  const users = useParley((s) => s.users);
  const accounts = useParley((s) => s.accounts);
  const close = useParley((s) => s.setMemberPanelOpen);
  const [error, setError] = useState<string | null>(null);
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null);
  if (!status) return null;
  const me = status.account.userId;
  const actions = conversationActions(c, status.capabilities, me);
  const nameOf = (id: string) => userName({ users, accounts }, c.accountId, id, c) ?? t('user.someone');
  const members = [...c.memberIds].sort(
    (a, b) => Number(b === c.ownerId) - Number(a === c.ownerId) || Number(b === me) - Number(a === me) || nameOf(a).localeCompare(nameOf(b)),
  );

  async function run(action: Promise<Result<null>>): Promise<boolean> {
    setError(null);
    const result = await action;
    if (!result.ok) setError(t('conversation.actionFailed', { message: errorText(result.error) }));
    return result.ok;
  }

  return (
    <aside className="member-panel" data-testid="member-panel" aria-label={t('members.toggle')}>
      <header className="member-panel__header">
        <h3 className="member-panel__title" data-testid="member-count">
          {t('members.title', { count: c.memberIds.length })}
        </h3>
        <button type="button" className="icon-button" aria-label={t('members.close')} title={t('members.close')} onClick={() => close(false)}>
          <CloseIcon />
        </button>
      </header>
      {error && (
        <p className="inline-error" role="alert" data-testid="member-panel-error">
          {error}
        </p>
      )}
      {actions.manage && (
        <div className="member-panel__settings" data-testid="group-admin">
          <SettingForm
            key={`title-${c.title}`}
            label={t('members.rename')}
            initial={c.title}
            testId="group-name"
            required
            onSave={(title) => run(client.updateGroup(conversationRef, { title }))}
          />
          <SettingForm
            key={`avatar-${c.avatarUrl ?? ''}`}
            label={t('members.avatar')}
            hint={t('members.avatarHint')}
            initial={c.avatarUrl ?? ''}
            testId="group-avatar"
            type="url"
            onSave={(avatarUrl) => run(client.updateGroup(conversationRef, { avatarUrl }))}
          />
          <AddMembers
            accountId={c.accountId}
            memberIds={c.memberIds}
            myUserId={me}
            onAdd={(user) => run(client.updateGroup(conversationRef, { addMemberIds: [user.id] }))}
          />
        </div>
      )}
      <ul className="member-list" data-testid="member-list">
        {members.map((id) => {
          const name = nameOf(id);
          const owner = id === c.ownerId;
          return (
            <li key={id} className="member" data-testid="member" data-user-id={id} data-owner={owner ? 'true' : 'false'}>
              <WithPresence accountId={c.accountId} userId={id === me ? undefined : id}>
                <Avatar id={id} name={name} size={32} />
              </WithPresence>
              <span className="member__name" data-testid="member-name">
                {name}
                {id === me && <span className="member__you"> {t('members.you')}</span>}
              </span>
              {owner && (
                <span className="member__tag" data-testid="member-owner-tag">
                  {t('members.owner')}
                </span>
              )}
              {actions.manage && id !== me && (
                <span className="member__actions">
                  <button
                    type="button"
                    className="button button--small"
                    data-testid="member-make-owner"
                    onClick={() =>
                      setConfirmation({
                        message: t('members.makeOwnerConfirm', { name, title: c.title }),
                        label: t('members.makeOwner'),
                        run: () => client.updateGroup(conversationRef, { ownerId: id }),
                      })
                    }
                  >
                    {t('members.makeOwner')}
                  </button>
                  <button
                    type="button"
                    className="button button--small button--danger-quiet"
                    data-testid="member-remove"
                    onClick={() =>
                      setConfirmation({
                        message: t('members.removeConfirm', { name, title: c.title }),
                        label: t('members.remove'),
                        run: () => client.updateGroup(conversationRef, { removeMemberIds: [id] }),
                      })
                    }
                  >
                    {t('members.remove')}
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <footer className="member-panel__footer">
        {actions.leave && (
          <button
            type="button"
            className="button button--danger-quiet"
            data-testid="member-panel-leave"
            onClick={() =>
              setConfirmation({ message: t('members.leaveConfirm', { title: c.title }), label: t('members.leave'), run: () => client.leaveGroup(conversationRef) })
            }
          >
            {t('members.leave')}
          </button>
        )}
        {actions.clearHistory && (
          <button
            type="button"
            className="button button--danger-quiet"
            data-testid="member-panel-delete"
            onClick={() =>
              setConfirmation({
                message: t('conversation.deleteConfirmGroup'),
                label: t('conversation.delete'),
                run: () => client.clearHistory(conversationRef),
              })
            }
          >
            {t('conversation.delete')}
          </button>
        )}
      </footer>
      {confirmation && (
        <ConfirmDialog message={confirmation.message} confirmLabel={confirmation.label} onConfirm={confirmation.run} onClose={() => setConfirmation(null)} />
      )}
    </aside>
  );
}

/** One group setting: a field and Save, enabled once it changed. */
function SettingForm(props: {
  label: string;
  hint?: string;
  initial: string;
  testId: string;
  type?: string;
  required?: boolean;
  onSave: (value: string) => Promise<boolean>;
}) {
  const [value, setValue] = useState(props.initial);
  const [busy, setBusy] = useState(false);
  const trimmed = value.trim();
  const changed = trimmed !== props.initial && (!props.required || trimmed.length > 0);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!changed || busy) return;
    setBusy(true);
    await props.onSave(trimmed);
    setBusy(false);
  }

  return (
    <form className="setting-form" onSubmit={(e) => void submit(e)}>
      <label className="field__label">
        {props.label}
        <span className="setting-form__row">
          <input
            className="field__input"
            data-testid={`${props.testId}-input`}
            type={props.type ?? 'text'}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            maxLength={props.type === 'url' ? 2048 : 64}
            dir="auto"
          />
          <button type="submit" className="button button--small" data-testid={`${props.testId}-save`} disabled={!changed || busy}>
            {t('members.save')}
          </button>
        </span>
      </label>
      {props.hint && <p className="field__hint">{props.hint}</p>}
    </form>
  );
}

/** The owner adds people: the same user search as the new-conversation dialog, members left out. */
function AddMembers({
  accountId,
  memberIds,
  myUserId,
  onAdd,
}: {
  accountId: string;
  memberIds: string[];
  myUserId: string;
  onAdd: (user: User) => Promise<boolean>;
}) {
  const [query, setQuery] = useState('');
  const [busy, setBusy] = useState(false);
  const search = useUserSearch(accountId, query, myUserId);
  const results = (search.status === 'done' || search.status === 'searching' ? search.users : []).filter((u) => !memberIds.includes(u.id));
  async function add(user: User) {
    setBusy(true);
    if (await onAdd(user)) setQuery('');
    setBusy(false);
  }

  return (
    <div className="add-members">
      <span className="field__label">{t('members.add')}</span>
      <div className="search-box">
        <SearchIcon className="search-box__icon" />
        <input
          className="search-box__input"
          data-testid="member-add-search"
          type="search"
          aria-label={t('members.add')}
          placeholder={t('members.addPlaceholder')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          spellCheck={false}
          autoComplete="off"
        />
      </div>
      {results.length > 0 && (
        <ul className="add-members__results">
          {results.map((user) => {
            const name = user.displayName || user.username;
            return (
              <li key={user.id}>
                <button
                  type="button"
                  className="add-members__result"
                  data-testid="member-add-result"
                  data-user-id={user.id}
                  disabled={busy}
                  aria-label={t('members.addPerson', { name })}
                  onClick={() => void add(user)}
                >
                  <Avatar id={user.id} name={name} size={28} />
                  <span className="user-result__names">
                    <span className="user-result__name">{name}</span>
                    <span className="user-result__username">@{user.username}</span>
                  </span>
                  <PlusIcon width={16} height={16} />
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
