// Who is signed in, plus the two account-wide actions: start a conversation, sign out.
// Sign out is a visible button rather than hidden in a menu: one click, easy to find.

import { useClient, useParley } from '../../client/ClientProvider';
import { t } from '../../i18n';
import { Avatar } from '../common/Avatar';
import { ComposeIcon, SignOutIcon } from '../common/icons';

export function AccountBar() {
  const client = useClient();
  const account = useParley((s) => s.account);
  const openDialog = useParley((s) => s.setNewConversationOpen);
  if (!account) return null;
  const name = account.displayName || account.username;
  return (
    <header className="account-bar">
      <Avatar id={account.userId} name={name} size={36} />
      <div className="account-bar__who" title={t('account.label', { name: `${name} (@${account.username})` })}>
        <span className="account-bar__name" data-testid="account-name">
          {name}
        </span>
        <span className="account-bar__username">@{account.username}</span>
      </div>
      <button
        type="button"
        className="icon-button"
        data-testid="new-conversation"
        aria-label={t('sidebar.newConversation')}
        title={t('sidebar.newConversation')}
        onClick={() => openDialog(true)}
      >
        <ComposeIcon />
      </button>
      <button
        type="button"
        className="icon-button"
        data-testid="sign-out"
        aria-label={t('account.signOut')}
        title={t('account.signOut')}
        onClick={() => void client.signOut()}
      >
        <SignOutIcon />
      </button>
    </header>
  );
}
