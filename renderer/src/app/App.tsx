import { useEffect } from 'react';
import { useParley } from '../client/ClientProvider';
import { showUnreadInFavicon } from '../host/favicon';
import { t } from '../i18n';
import { ChatScreen } from './ChatScreen';
import { SignInScreen } from './signin/SignInScreen';

export function App() {
  const phase = useParley((s) => s.phase);
  const adding = useParley((s) => s.addingAccount !== null);
  const unread = useParley((s) => s.unread?.total ?? 0);

  // The window title carries the unread total (muted conversations left out, as main counts).
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) ${t('app.name')}` : t('app.name');
    // And the tab's icon, with the count drawn over it (the browser host's badge).
    showUnreadInFavicon(document, unread);
  }, [unread]);

  if (phase === 'starting') {
    // Only until `session.get` answers: a local call, no network.
    return (
      <main className="splash" aria-busy="true">
        <h1 className="splash__name">{t('app.name')}</h1>
        <p className="splash__note">{t('app.starting')}</p>
      </main>
    );
  }
  if (phase === 'signed-out') return <SignInScreen />;
  return adding ? <SignInScreen adding /> : <ChatScreen />;
}
