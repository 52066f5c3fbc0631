// Sign in (or sign up) to a server. The server address is prefilled with main's default.

import { useState, type FormEvent } from 'react';
import { useClient, useParley } from '../../client/ClientProvider';
import { t } from '../../i18n';
import { Field } from '../common/Field';
import { ParleyMark } from '../common/icons';
import { signInErrorText } from './signInErrorText';
import './signin.css';

type Mode = 'signIn' | 'signUp';

export function SignInScreen() {
  const client = useClient();
  const defaultServerUrl = useParley((s) => s.defaultServerUrl);
  const notice = useParley((s) => s.sessionEndedNotice);
  const [mode, setMode] = useState<Mode>('signIn');
  const [serverUrl, setServerUrl] = useState(defaultServerUrl);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signingUp = mode === 'signUp';

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const server = serverUrl.trim();
    const credentials = { serverUrl: server, username: username.trim(), password };
    const result = signingUp
      ? await client.signUp({ ...credentials, displayName: displayName.trim() || undefined })
      : await client.signIn(credentials);
    // On success this screen unmounts; only a failure needs handling here.
    if (!result.ok) {
      setError(signInErrorText(result.error, server));
      setBusy(false);
    }
  }

  function toggleMode() {
    setMode(signingUp ? 'signIn' : 'signUp');
    setError(null);
  }

  const message = error ?? notice;
  return (
    <main className="signin">
      <div className="signin__card">
        <header className="signin__brand">
          <ParleyMark className="signin__logo" />
          <h1 className="signin__name">{t('app.name')}</h1>
          <p className="signin__tagline">{t('app.tagline')}</p>
        </header>
        <form className="signin__form" data-testid="signin-form" onSubmit={submit} aria-busy={busy} noValidate>
          <h2 className="signin__heading">{t(signingUp ? 'signin.heading.signUp' : 'signin.heading.signIn')}</h2>
          {message && (
            <p className={error ? 'signin__error' : 'signin__notice'} role="alert" data-testid="signin-error">
              {message}
            </p>
          )}
          <Field
            label={t('signin.server')}
            testId="signin-server"
            type="url"
            value={serverUrl}
            onChange={(e) => setServerUrl(e.target.value)}
            autoComplete="url"
            spellCheck={false}
            required
          />
          <Field
            label={t('signin.username')}
            testId="signin-username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            autoFocus
            required
          />
          {signingUp && (
            <Field
              label={t('signin.displayName')}
              hint={t('signin.displayNameHint')}
              testId="signin-displayname"
              value={displayName}
              onChange={(e) => setDisplayName(e.target.value)}
              autoComplete="name"
            />
          )}
          <Field
            label={t('signin.password')}
            hint={signingUp ? t('signin.passwordHint.signUp') : undefined}
            testId="signin-password"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete={signingUp ? 'new-password' : 'current-password'}
            required
          />
          <button className="button button--primary signin__submit" type="submit" data-testid="signin-submit" disabled={busy}>
            {busy
              ? t(signingUp ? 'signin.busy.signUp' : 'signin.busy.signIn')
              : t(signingUp ? 'signin.submit.signUp' : 'signin.submit.signIn')}
          </button>
          <button className="button button--link" type="button" data-testid="signin-toggle-mode" onClick={toggleMode}>
            {t(signingUp ? 'signin.toggle.toSignIn' : 'signin.toggle.toSignUp')}
          </button>
        </form>
      </div>
    </main>
  );
}
