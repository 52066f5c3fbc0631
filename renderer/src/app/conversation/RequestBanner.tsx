// A message request (someone the user has never talked to started it): in place of the
// composer until the user answers. Accept opens the composer; Delete and Block take the
// conversation away (Block also refuses the sender's messages from now on).

import { useState } from 'react';
import { useClient, useParley } from '../../client/ClientProvider';
import type { Conversation } from '../../contract';
import { t } from '../../i18n';
import { userName } from '../../store/names';
import { selectThread } from '../../store/selectors';
import { Avatar } from '../common/Avatar';
import { requestFrom } from './conversation-actions';
import './groups.css';
import { errorText } from '../common/error-text';

const NO_ROWS: never[] = [];

export function RequestBanner({ conversation: c, conversationRef }: { conversation: Conversation; conversationRef: string }) {
  const client = useClient();
  const thread = useParley(selectThread(conversationRef));
  const myUserId = useParley((s) => s.accounts[c.accountId]?.account.userId);
  const rows = thread ? thread.keys.map((k) => thread.byKey[k]!) : NO_ROWS;
  const from = requestFrom(c, rows, myUserId);
  const name = useParley((s) => (from ? userName(s, c.accountId, from, c) : null)) ?? t('user.someone');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function answer(choice: 'accept' | 'delete' | 'block') {
    setBusy(true);
    setError(null);
    const result = await client.answerRequest(conversationRef, choice);
    if (!result.ok) setError(t('conversation.actionFailed', { message: errorText(result.error) }));
    setBusy(false);
  }

  return (
    <div className="request-banner" data-testid="request-banner" role="region" aria-label={t('conversation.request')}>
      <div className="request-banner__who">
        {from && <Avatar id={from} name={name} size={36} />}
        <div>
          <p className="request-banner__title" data-testid="request-banner-text">
            {c.kind === 'direct' ? t('request.direct', { name }) : t('request.group', { name, title: c.title })}
          </p>
          <p className="request-banner__hint">{t('request.hint')}</p>
        </div>
      </div>
      {error && (
        <p className="inline-error" role="alert" data-testid="request-error">
          {error}
        </p>
      )}
      <div className="request-banner__actions">
        <button type="button" className="button button--danger-quiet" data-testid="request-block" disabled={busy} onClick={() => void answer('block')}>
          {t('request.block')}
        </button>
        <button type="button" className="button" data-testid="request-delete" disabled={busy} onClick={() => void answer('delete')}>
          {t('request.delete')}
        </button>
        <button type="button" className="button button--primary" data-testid="request-accept" disabled={busy} onClick={() => void answer('accept')}>
          {t('request.accept')}
        </button>
      </div>
    </div>
  );
}
