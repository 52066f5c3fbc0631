import { useClient, useParley } from '../../client/ClientProvider';
import type { AccountStatus, ConnectionState } from '../../contract';
import { t, type MessageKey } from '../../i18n';
import { formatRelative } from '../../i18n/time';
import { selectAccountList } from '../../store/selectors';
import { CloudOffIcon } from '../common/icons';

const LABELS: Record<ConnectionState, MessageKey> = {
  online: 'connection.online',
  connecting: 'connection.connecting',
  offline: 'connection.offline',
  'signed-out': 'connection.signedOut',
};

/** All accounts at once: online only when every one is; offline as soon as one is (that one's messages wait). */
export function overallConnection(accounts: readonly AccountStatus[]): ConnectionState {
  if (accounts.length === 0) return 'signed-out';
  if (accounts.some((a) => a.connection === 'offline' || a.connection === 'signed-out')) return 'offline';
  if (accounts.some((a) => a.connection === 'connecting')) return 'connecting';
  return 'online';
}

/** The connection, always visible; prominent while an account is offline, naming which. */
export function ConnectionIndicator() {
  const client = useClient();
  const accounts = useParley(selectAccountList);
  const lastSyncedAt = useParley((s) => s.lastSyncedAt);
  const protocols = useParley((s) => s.protocols);
  const connection = overallConnection(accounts);
  const offline = connection === 'offline';
  const label = (a: AccountStatus) => `${a.account.username} (${protocols.find((p) => p.protocol === a.account.protocol)?.label ?? a.account.protocol})`;
  const notOnline = accounts.filter((a) => a.connection !== 'online');
  const newestSync = Math.max(0, ...notOnline.map((a) => lastSyncedAt[a.account.id] ?? 0));
  const synced = newestSync > 0 ? t('connection.lastSynced', { when: formatRelative(newestSync, Date.now()) }) : t('connection.neverSynced');
  const details = notOnline.map((a) => [label(a), a.detail].filter(Boolean).join(': '));
  return (
    <div
      className={`connection connection--${connection}`}
      data-testid="connection-indicator"
      data-state={connection}
      role="status"
      title={connection === 'online' ? undefined : [...details, offline ? synced : null].filter(Boolean).join(' · ')}
    >
      {offline ? <CloudOffIcon width={16} height={16} /> : <span className="connection__dot" aria-hidden="true" />}
      <span className="connection__label">
        {t(LABELS[connection])}
        {accounts.length > 1 && notOnline.length > 0 && notOnline.length < accounts.length && (
          <span className="connection__which"> · {notOnline.map(label).join(', ')}</span>
        )}
      </span>
      {offline && notOnline.some((a) => a.connection === 'offline') && (
        // Skips the back-off wait: after a network change the user knows before we do.
        <button type="button" className="button button--small connection__retry" data-testid="connection-retry" onClick={() => client.retryConnection()}>
          {t('connection.retryNow')}
        </button>
      )}
    </div>
  );
}
