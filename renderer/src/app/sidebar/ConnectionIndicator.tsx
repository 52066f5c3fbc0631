import type { ConnectionState } from '../../contract';
import { useParley } from '../../client/ClientProvider';
import { t, type MessageKey } from '../../i18n';
import { formatRelative } from '../../i18n/time';
import { CloudOffIcon } from '../common/icons';

const LABELS: Record<ConnectionState, MessageKey> = {
  online: 'connection.online',
  connecting: 'connection.connecting',
  offline: 'connection.offline',
  'signed-out': 'connection.signedOut',
};

/** The account's connection, always visible; prominent while offline. */
export function ConnectionIndicator() {
  const connection = useParley((s) => s.connection);
  const detail = useParley((s) => s.connectionDetail);
  const lastSyncedAt = useParley((s) => s.lastSyncedAt);
  const offline = connection === 'offline' || connection === 'signed-out';
  const synced = lastSyncedAt
    ? t('connection.lastSynced', { when: formatRelative(lastSyncedAt, Date.now()) })
    : t('connection.neverSynced');
  return (
    <div
      className={`connection connection--${connection}`}
      data-testid="connection-indicator"
      data-state={connection}
      role="status"
      title={offline ? [detail, synced].filter(Boolean).join(' · ') : (detail ?? undefined)}
    >
      {offline ? <CloudOffIcon width={16} height={16} /> : <span className="connection__dot" aria-hidden="true" />}
      <span className="connection__label">{t(LABELS[connection])}</span>
    </div>
  );
}
