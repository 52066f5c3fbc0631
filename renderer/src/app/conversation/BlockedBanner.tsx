// A direct conversation whose peer the user blocked: said at the top of the thread, with
// Unblock at hand. (The composer is closed meanwhile; see ConversationView.)

import { useState } from 'react';
import { useClient } from '../../client/ClientProvider';
import { t } from '../../i18n';
import { BlockIcon } from '../common/icons';
import './groups.css';
import { errorText } from '../common/error-text';

export function BlockedBanner({ conversationRef, userId, name }: { conversationRef: string; userId: string; name: string }) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function unblock() {
    setBusy(true);
    setError(null);
    const result = await client.setBlocked(conversationRef, userId, false);
    if (!result.ok) setError(t('conversation.actionFailed', { message: errorText(result.error) }));
    setBusy(false);
  }

  return (
    <div className="conversation-banner" data-testid="blocked-banner" role="status">
      <BlockIcon width={18} height={18} />
      <p className="conversation-banner__text">{t('conversation.blockedBanner', { name })}</p>
      {error && (
        <span className="inline-error" role="alert">
          {error}
        </span>
      )}
      <button type="button" className="button button--small" data-testid="blocked-unblock" disabled={busy} onClick={() => void unblock()}>
        {t('conversation.unblock', { name })}
      </button>
    </div>
  );
}
