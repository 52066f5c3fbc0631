// A user's presence as a dot: green online, hollow offline, nothing while unknown (an
// account whose protocol has no presence, or a user whose status has not arrived yet):
// a guessed "offline" would be a lie. The words are in the title and for screen readers.

import type { ReactNode } from 'react';
import { useParley } from '../../client/ClientProvider';
import { t } from '../../i18n';
import { userRef } from '../../store/activitySlice';
import './activity.css';

export function PresenceDot({ accountId, userId }: { accountId: string; userId: string }) {
  const online = useParley((s) => s.presence[userRef(accountId, userId)]?.online);
  if (online === undefined) return null;
  const label = t(online ? 'presence.online' : 'presence.offline');
  return (
    <span
      className={online ? 'presence-dot presence-dot--online' : 'presence-dot presence-dot--offline'}
      data-testid="presence-dot"
      data-user-id={userId}
      data-online={online ? 'true' : 'false'}
      role="img"
      aria-label={label}
      title={label}
    />
  );
}

/** An avatar (or anything) with the user's presence dot on its corner. */
export function WithPresence({ accountId, userId, children }: { accountId: string; userId: string | undefined; children: ReactNode }) {
  if (!userId) return <>{children}</>;
  return (
    <span className="with-presence">
      {children}
      <PresenceDot accountId={accountId} userId={userId} />
    </span>
  );
}
