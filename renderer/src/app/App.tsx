import { useParley } from '../client/ClientProvider';
import { t } from '../i18n';
import { ChatScreen } from './ChatScreen';
import { SignInScreen } from './signin/SignInScreen';

export function App() {
  const phase = useParley((s) => s.phase);
  if (phase === 'starting') {
    // Only until `session.get` answers: a local call, no network.
    return (
      <main className="splash" aria-busy="true">
        <h1 className="splash__name">{t('app.name')}</h1>
        <p className="splash__note">{t('app.starting')}</p>
      </main>
    );
  }
  return phase === 'signed-in' ? <ChatScreen /> : <SignInScreen />;
}
