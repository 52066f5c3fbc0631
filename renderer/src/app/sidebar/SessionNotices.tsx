// An account whose session ended (expired, or signed in elsewhere) while others stay signed
// in: a banner over the chat says which and why, with "sign in again" prefilled. When no
// account is left, the sign-in screen shows the notice instead.

import { useParley } from '../../client/ClientProvider';
import { t } from '../../i18n';

export function SessionNotices() {
  const notices = useParley((s) => s.sessionEndedNotices);
  const protocols = useParley((s) => s.protocols);
  const dismiss = useParley((s) => s.dismissSessionNotice);
  const signInAgain = useParley((s) => s.setAddingAccount);
  if (notices.length === 0) return null;
  return (
    <div className="session-notices">
      {notices.map((n) => {
        const protocol = protocols.find((p) => p.protocol === n.account?.protocol)?.label ?? n.account?.protocol ?? '';
        const name = n.account ? n.account.displayName || n.account.username : n.accountId;
        return (
          <div key={n.accountId} className="session-notice" role="alert" data-testid="session-ended-notice" data-account-id={n.accountId}>
            <p className="session-notice__text">{t('account.sessionEnded', { name, protocol, message: n.message })}</p>
            {n.account && (
              <button
                type="button"
                className="button button--small"
                onClick={() =>
                  signInAgain({ protocol: n.account!.protocol, serverUrl: n.account!.serverUrl, username: n.account!.username })
                }
              >
                {t('account.signInAgain')}
              </button>
            )}
            <button type="button" className="button button--small button--quiet" onClick={() => dismiss(n.accountId)}>
              {t('account.dismiss')}
            </button>
          </div>
        );
      })}
    </div>
  );
}
