// Signing out asks first (it ends the session on this device, and unsent messages go with
// it), and offers to remove what this device keeps of the account: its conversations and
// messages in the cache, its drafts. Off by default: signing back in then shows them at once.

import { useId, useState } from 'react';
import { useClient } from '../../client/ClientProvider';
import { t } from '../../i18n';
import { ConfirmDialog } from '../common/ConfirmDialog';

export function SignOutDialog({ accountId, name, protocol, onClose }: { accountId: string; name: string; protocol: string; onClose: () => void }) {
  const client = useClient();
  const [forget, setForget] = useState(false);
  const id = useId();
  return (
    <ConfirmDialog
      message={t('account.signOutConfirm', { name, protocol })}
      confirmLabel={t('account.signOut')}
      onConfirm={() => client.signOut(accountId, { forgetLocalData: forget })}
      onClose={onClose}
    >
      <div className="confirm__option">
        <input id={id} type="checkbox" data-testid="sign-out-remove-data" checked={forget} aria-describedby={`${id}-hint`} onChange={(e) => setForget(e.target.checked)} />
        <label htmlFor={id}>
          {t('account.signOutRemoveData')}
          <span id={`${id}-hint`} className="confirm__hint">
            {t('account.signOutRemoveDataHint')}
          </span>
        </label>
      </div>
    </ConfirmDialog>
  );
}
