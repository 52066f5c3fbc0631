// Sign in (or sign up) to an account on any protocol this build speaks. The form asks what
// the chosen protocol needs (talker: a username or email; Netalo: a username) and prefills
// the server with main's default for that protocol. Shown alone when no account is signed
// in, and over the chat to add one more account (`adding`).

import { useState, type FormEvent } from 'react';
import { useClient, useParley } from '../../client/ClientProvider';
import type { Credentials, ProtocolId, ProtocolInfo } from '../../contract';
import { t } from '../../i18n';
import { Field } from '../common/Field';
import { ParleyMark } from '../common/icons';
import { ProtocolPicker } from './ProtocolPicker';
import { signInErrorText } from './signInErrorText';
import './signin.css';

type Mode = 'signIn' | 'signUp';

/**
 * The contract's credentials for this protocol, from the fields its ProtocolInfo names
 * (talker asks for a `login`, Netalo for a `username`): no protocol is special-cased here.
 */
function credentialsFor(info: ProtocolInfo, serverUrl: string, name: string, password: string): Credentials {
  const nameField = info.fields.includes('login') ? 'login' : 'username';
  // Main checks the union against its schema at the boundary; here we only name the fields.
  return { protocol: info.protocol, serverUrl, [nameField]: name, password } as unknown as Credentials;
}

export function SignInScreen({ adding = false }: { adding?: boolean }) {
  const client = useClient();
  const protocols = useParley((s) => s.protocols);
  const request = useParley((s) => s.addingAccount);
  const notices = useParley((s) => s.sessionEndedNotices);
  const startError = useParley((s) => s.startError);
  const setAdding = useParley((s) => s.setAddingAccount);
  const first = protocols.find((p) => p.protocol === request?.protocol) ?? protocols[0];
  const [protocol, setProtocol] = useState<ProtocolId | undefined>(first?.protocol);
  const info = protocols.find((p) => p.protocol === protocol) ?? first;
  const [mode, setMode] = useState<Mode>('signIn');
  const [serverUrl, setServerUrl] = useState(request?.serverUrl ?? first?.defaultServerUrl ?? '');
  const [username, setUsername] = useState(request?.username ?? '');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const canSignUp = info?.capabilities.signUp === true;
  const signingUp = mode === 'signUp' && canSignUp;
  const asksLogin = info?.fields.includes('login') === true;

  function choose(next: ProtocolId) {
    const nextInfo = protocols.find((p) => p.protocol === next);
    // The server field follows the protocol unless the user typed their own address.
    if (serverUrl.trim() === '' || serverUrl === info?.defaultServerUrl) setServerUrl(nextInfo?.defaultServerUrl ?? '');
    setProtocol(next);
    setError(null);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || !info) return;
    setBusy(true);
    setError(null);
    const server = serverUrl.trim();
    const name = username.trim();
    const result = signingUp
      ? await client.signUp({ protocol: info.protocol, serverUrl: server, username: name, password, displayName: displayName.trim() || undefined })
      : await client.signIn(credentialsFor(info, server, name, password));
    // On success this screen unmounts; only a failure needs handling here.
    if (!result.ok) {
      setError(signInErrorText(result.error, server));
      setBusy(false);
    }
  }

  // Why the last accounts were signed out, when this screen is all that is left.
  const notice = adding ? null : (notices[notices.length - 1]?.message ?? startError);
  const message = error ?? notice;
  const heading = adding ? 'signin.heading.addAccount' : signingUp ? 'signin.heading.signUp' : 'signin.heading.signIn';
  return (
    <main className="signin">
      <div className="signin__card">
        <header className="signin__brand">
          <ParleyMark className="signin__logo" />
          <h1 className="signin__name">{t('app.name')}</h1>
          {!adding && <p className="signin__tagline">{t('app.tagline')}</p>}
        </header>
        <form className="signin__form" data-testid="signin-form" onSubmit={submit} aria-busy={busy} noValidate>
          <h2 className="signin__heading">{t(heading)}</h2>
          {message && (
            <p className={error ? 'signin__error' : 'signin__notice'} role="alert" data-testid="signin-error">
              {message}
            </p>
          )}
          {protocols.length > 0 && info && <ProtocolPicker protocols={protocols} value={info.protocol} onChange={choose} />}
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
            label={t(asksLogin ? 'signin.login' : 'signin.username')}
            testId="signin-username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoComplete={asksLogin ? 'email' : 'username'}
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
          <button className="button button--primary signin__submit" type="submit" data-testid="signin-submit" disabled={busy || !info}>
            {busy
              ? t(signingUp ? 'signin.busy.signUp' : 'signin.busy.signIn')
              : t(signingUp ? 'signin.submit.signUp' : 'signin.submit.signIn')}
          </button>
          {canSignUp ? (
            <button
              className="button button--link"
              type="button"
              data-testid="signin-toggle-mode"
              onClick={() => {
                setMode(signingUp ? 'signIn' : 'signUp');
                setError(null);
              }}
            >
              {t(signingUp ? 'signin.toggle.toSignIn' : 'signin.toggle.toSignUp')}
            </button>
          ) : (
            info && (
              <p className="signin__note" data-testid="signin-note">
                {info.note ?? t('signin.signUpUnavailable', { protocol: info.label })}
              </p>
            )
          )}
          {adding && (
            <button className="button button--link" type="button" data-testid="signin-cancel" onClick={() => setAdding(null)}>
              {t('signin.cancel')}
            </button>
          )}
        </form>
      </div>
    </main>
  );
}
