// With two or more accounts: show every account's conversations (the unified inbox) or
// one account's, each choice with its unread count as main keeps it (muted left out).

import { useParley } from '../../client/ClientProvider';
import type { AccountStatus } from '../../contract';
import { t } from '../../i18n';
import { selectAccountList, selectProtocolLabel } from '../../store/selectors';

function Count({ n }: { n: number }) {
  if (n <= 0) return null;
  return (
    <span className="filter-chip__count" aria-label={t('account.unread', { count: n })}>
      {n > 99 ? '99+' : n}
    </span>
  );
}

function AccountChip({ status, selected, unread, named }: { status: AccountStatus; selected: boolean; unread: number; named: boolean }) {
  const setFilter = useParley((s) => s.setAccountFilter);
  const protocol = useParley(selectProtocolLabel(status.account.protocol));
  const name = status.account.displayName || status.account.username;
  // The protocol alone says which account, unless two accounts share it.
  const label = named ? `${status.account.username} · ${protocol}` : protocol;
  return (
    <button
      type="button"
      className="filter-chip"
      data-account-id={status.account.id}
      aria-pressed={selected}
      title={t('account.on', { name, protocol })}
      onClick={() => setFilter(status.account.id)}
    >
      <span className="filter-chip__label">{label}</span>
      <Count n={unread} />
    </button>
  );
}

export function AccountFilter() {
  const accounts = useParley(selectAccountList);
  const filter = useParley((s) => s.accountFilter);
  const setFilter = useParley((s) => s.setAccountFilter);
  const unread = useParley((s) => s.unread);
  if (accounts.length < 2) return null;
  return (
    <div className="account-filter" role="group" aria-label={t('account.filter')} data-testid="account-filter">
      <button type="button" className="filter-chip" aria-pressed={filter === null} onClick={() => setFilter(null)}>
        <span className="filter-chip__label">{t('account.filterAll')}</span>
        <Count n={unread?.total ?? 0} />
      </button>
      {accounts.map((s) => (
        <AccountChip
          key={s.account.id}
          status={s}
          selected={filter === s.account.id}
          unread={unread?.byAccount[s.account.id] ?? 0}
          named={accounts.some((o) => o !== s && o.account.protocol === s.account.protocol)}
        />
      ))}
    </div>
  );
}
