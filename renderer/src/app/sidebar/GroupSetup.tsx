// The new-conversation dialog's group part: the people picked so far (chips), and once
// there are several, the group's name (required) and kind, then "Create group", which
// opens the new group. With one person picked, it is a direct conversation as before.

import { useState, type FormEvent } from 'react';
import { useClient } from '../../client/ClientProvider';
import type { User } from '../../contract';
import { t } from '../../i18n';
import { Avatar } from '../common/Avatar';
import { CloseIcon } from '../common/icons';
import '../conversation/groups.css';
import { errorText } from '../common/error-text';

export function PickedPeople({ people, onRemove }: { people: User[]; onRemove: (userId: string) => void }) {
  return (
    <ul className="picked-people" aria-label={t('newConversation.picked')} data-testid="picked-people">
      {people.map((u) => {
        const name = u.displayName || u.username;
        return (
          <li key={u.id} className="picked-person" data-testid="picked-person" data-user-id={u.id}>
            <Avatar id={u.id} name={name} size={22} />
            <span className="picked-person__name">{name}</span>
            <button
              type="button"
              className="picked-person__remove"
              aria-label={t('newConversation.unpick', { name })}
              title={t('newConversation.unpick', { name })}
              onClick={() => onRemove(u.id)}
            >
              <CloseIcon width={14} height={14} />
            </button>
          </li>
        );
      })}
    </ul>
  );
}

export function GroupSetup({ accountId, people, onOpenDirect }: { accountId: string; people: User[]; onOpenDirect: (user: User) => void }) {
  const client = useClient();
  const [title, setTitle] = useState('');
  const [groupType, setGroupType] = useState<'community' | 'public'>('community');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const group = people.length > 1;
  const nameMissing = title.trim().length === 0;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!group) return onOpenDirect(people[0]!);
    setTried(true);
    if (nameMissing || busy) return;
    setBusy(true);
    setError(null);
    const result = await client.createGroup(accountId, { title: title.trim(), memberIds: people.map((u) => u.id), groupType });
    // On success, opening the group closed this dialog.
    if (!result.ok) {
      setError(t('newConversation.createFailed', { message: errorText(result.error) }));
      setBusy(false);
    }
  }

  return (
    <form className="group-setup" data-testid="group-setup" onSubmit={(e) => void submit(e)} noValidate>
      {group && (
        <>
          <label className="field">
            <span className="field__label">{t('newConversation.groupName')}</span>
            <input
              className="field__input"
              data-testid="group-name"
              value={title}
              maxLength={64}
              required
              aria-invalid={tried && nameMissing}
              onChange={(e) => setTitle(e.target.value)}
              dir="auto"
            />
          </label>
          {tried && nameMissing && (
            <p className="inline-error" role="alert" data-testid="group-name-error">
              {t('newConversation.groupNameRequired')}
            </p>
          )}
          <fieldset className="group-setup__type">
            <legend className="field__label">{t('newConversation.groupType')}</legend>
            {(['community', 'public'] as const).map((type) => (
              <label key={type} className="group-setup__choice">
                <input
                  type="radio"
                  name="group-type"
                  value={type}
                  data-testid={`group-type-${type}`}
                  checked={groupType === type}
                  onChange={() => setGroupType(type)}
                />
                {t(type === 'community' ? 'newConversation.typeCommunity' : 'newConversation.typePublic')}
              </label>
            ))}
          </fieldset>
        </>
      )}
      {error && (
        <p className="inline-error" role="alert" data-testid="group-create-error">
          {error}
        </p>
      )}
      <button type="submit" className="button button--primary" data-testid="group-create" disabled={busy}>
        {busy ? t('newConversation.creating') : t(group ? 'newConversation.createGroup' : 'newConversation.start')}
      </button>
    </form>
  );
}
