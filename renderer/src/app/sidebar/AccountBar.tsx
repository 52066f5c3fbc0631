// Every signed-in account, each with its protocol, its connection and its own sign-out,
// plus the actions that are not one account's: start a conversation, add an account, settings.
// Sign out is a visible button per account rather than hidden in a menu: one click, and it
// is obvious which account it signs out.

import { Suspense, useState } from 'react';
import { useParley } from '../../client/ClientProvider';
import type { AccountStatus } from '../../contract';
import { t } from '../../i18n';
import { selectAccountList, selectProtocolLabel } from '../../store/selectors';
import { Avatar } from '../common/Avatar';
import { ComposeIcon, PlusIcon, SettingsIcon, SignOutIcon } from '../common/icons';
import { lazyNamed } from '../common/lazy';
import { SignOutDialog } from './SignOutDialog';

// The settings dialog, only once it is opened: its own chunk.
const SettingsDialog = lazyNamed(() => import('../settings/SettingsDialog').then((m) => m.SettingsDialog));

function AccountItem({ status }: { status: AccountStatus }) {
  const [confirming, setConfirming] = useState(false);
  const { account, connection } = status;
  const protocol = useParley(selectProtocolLabel(account.protocol));
  const name = account.displayName || account.username;
  return (
    <li className="account-item" data-testid="account-item" data-account-id={account.id} data-state={connection}>
      <span className="account-item__avatar">
        <Avatar id={account.userId} name={name} size={32} />
        <span className={`account-item__dot account-item__dot--${connection}`} title={t('account.state', { protocol, state: connection })} />
      </span>
      <span className="account-item__who" title={t('account.on', { name: `${name} (@${account.username})`, protocol })}>
        <span className="account-item__name" data-testid="account-name" dir="auto">
          {name}
        </span>
        <span className="account-item__meta">
          @{account.username} · <span className={`protocol-badge protocol-badge--${account.protocol}`}>{protocol}</span>
        </span>
      </span>
      <button
        type="button"
        className="icon-button icon-button--quiet"
        data-testid="sign-out"
        aria-label={t('account.signOutOf', { name, protocol })}
        title={t('account.signOutOf', { name, protocol })}
        onClick={() => setConfirming(true)}
      >
        <SignOutIcon width={18} height={18} />
      </button>
      {/* Asks first, and offers to remove this account's messages from this device. */}
      {confirming && <SignOutDialog accountId={account.id} name={name} protocol={protocol} onClose={() => setConfirming(false)} />}
    </li>
  );
}

export function AccountBar() {
  const accounts = useParley(selectAccountList);
  const openDialog = useParley((s) => s.setNewConversationOpen);
  const addAccount = useParley((s) => s.setAddingAccount);
  const [settingsOpen, setSettingsOpen] = useState(false);
  if (accounts.length === 0) return null;
  return (
    <header className="account-bar">
      <ul className="account-bar__accounts">
        {accounts.map((status) => (
          <AccountItem key={status.account.id} status={status} />
        ))}
      </ul>
      <button
        type="button"
        className="icon-button icon-button--quiet account-bar__settings"
        data-testid="settings-button"
        aria-label={t('settings.open')}
        title={t('settings.open')}
        onClick={() => setSettingsOpen(true)}
      >
        <SettingsIcon width={18} height={18} />
      </button>
      <div className="account-bar__actions">
        <button type="button" className="button button--small" data-testid="new-conversation" onClick={() => openDialog(true)}>
          <ComposeIcon width={16} height={16} />
          {t('sidebar.newConversation')}
        </button>
        <button type="button" className="button button--small button--quiet" data-testid="add-account" onClick={() => addAccount({})}>
          <PlusIcon width={16} height={16} />
          {t('account.add')}
        </button>
      </div>
      {settingsOpen && (
        <Suspense fallback={null}>
          <SettingsDialog onClose={() => setSettingsOpen(false)} />
        </Suspense>
      )}
    </header>
  );
}
