// Sign in (or sign up) to an account on any protocol this build speaks. The form asks what
// the chosen protocol needs (its ProtocolInfo's fields: talker a username or email, Netalo
// a username, AZStack an app ID, the app's public key and a user ID) and prefills the
// server with main's default for that protocol. Each field is checked before anything is
// sent and says itself what is wrong. Shown alone when no account is signed in, and over
// the chat to add one more account (`adding`).

import { Fragment, useState, type FormEvent } from 'react';
import { useClient, useParley } from '../../client/ClientProvider';
import type { ProtocolId, SignInField } from '../../contract';
import { t } from '../../i18n';
import { Field, TextAreaField } from '../common/Field';
import { ParleyMark } from '../common/icons';
import { ProtocolPicker } from './ProtocolPicker';
import { fieldErrorsFrom } from './argument-errors';
import { signInErrorText } from './signInErrorText';
import { credentialsFor, formFields, validateFields, type FieldErrors, type FieldSpec, type FieldValues } from './signin-fields';
import './signin.css';

type Mode = 'signIn' | 'signUp';

/** The test ids the end-to-end tests know the fields by (a login is typed where a username is). */
const TEST_IDS: Record<SignInField, string> = {
  serverUrl: 'signin-server',
  username: 'signin-username',
  login: 'signin-username',
  password: 'signin-password',
  appId: 'signin-appid',
  publicKey: 'signin-publickey',
};

const AUTOCOMPLETE: Record<SignInField, string> = {
  serverUrl: 'url',
  username: 'username',
  login: 'email',
  password: 'current-password',
  appId: 'off',
  publicKey: 'off',
};

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
  const [values, setValues] = useState<FieldValues>(() => ({
    ...first?.prefill,
    serverUrl: request?.serverUrl ?? first?.defaultServerUrl ?? '',
    username: request?.username ?? '',
    login: request?.username ?? '',
  }));
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [displayName, setDisplayName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const canSignUp = info?.capabilities.signUp === true;
  const signingUp = mode === 'signUp' && canSignUp;
  const specs: FieldSpec[] = info ? formFields(info) : [];
  // Sign-up asks for the server, a username and a password, whatever the sign-in form asks.
  const shown = signingUp
    ? specs
        .filter((f) => f.field === 'serverUrl' || f.field === 'username' || f.field === 'login' || f.field === 'password')
        // A new password: at least 8 characters (the contract's session.signUp).
        .map((f) => (f.field === 'password' ? { ...f, minLength: 8 } : f))
    : specs;
  const serverUrl = values.serverUrl ?? '';

  function set(field: SignInField, value: string) {
    // A username and a login are one box: what was typed stays when the protocol changes.
    const linked: FieldValues = field === 'username' || field === 'login' ? { username: value, login: value } : { [field]: value };
    setValues((v) => ({ ...v, ...linked }));
    if (fieldErrors[field]) setFieldErrors((e) => ({ ...e, [field]: undefined }));
  }

  function choose(next: ProtocolId) {
    const nextInfo = protocols.find((p) => p.protocol === next);
    // The server field follows the protocol unless the user typed their own address.
    if (serverUrl.trim() === '' || serverUrl === info?.defaultServerUrl) set('serverUrl', nextInfo?.defaultServerUrl ?? '');
    // Likewise the fields the host can prefill (the bundled server's AZStack demo app): filled
    // where empty, never over what the user typed.
    for (const [field, value] of Object.entries(nextInfo?.prefill ?? {}) as Array<[SignInField, string]>) {
      if (!values[field]?.trim()) set(field, value);
    }
    setProtocol(next);
    setError(null);
    setFieldErrors({});
  }

  /** The first field that needs attention gets the focus (its message is under it). */
  function focusFirstBad(problems: FieldErrors) {
    const firstBad = shown.find((f) => problems[f.field]);
    if (firstBad) document.querySelector<HTMLElement>(`[data-testid="${TEST_IDS[firstBad.field]}"]`)?.focus();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || !info) return;
    setError(null);
    const problems = validateFields(shown, values);
    setFieldErrors(problems);
    if (Object.keys(problems).length > 0) {
      focusFirstBad(problems);
      return;
    }
    setBusy(true);
    const credentials = credentialsFor(info, values);
    const server = credentials.serverUrl;
    const result = signingUp
      ? await client.signUp({
          protocol: info.protocol,
          serverUrl: server,
          username: (values.username ?? '').trim(),
          password: values.password ?? '',
          displayName: displayName.trim() || undefined,
        })
      : await client.signIn(credentials);
    // On success this screen unmounts; only a failure needs handling here.
    if (!result.ok) {
      // Main's schema refused a field: say so under that field, in the user's words.
      const fromMain = fieldErrorsFrom(result.error, shown);
      if (fromMain) {
        setFieldErrors(fromMain);
        focusFirstBad(fromMain);
        setError(t('signin.invalid.checkForm'));
      } else setError(signInErrorText(result.error, server));
      setBusy(false);
    }
  }

  function renderField(spec: FieldSpec, index: number) {
    const common = {
      label: t(spec.label),
      hint: signingUp && spec.field === 'password' ? t('signin.passwordHint.signUp') : spec.hint && t(spec.hint),
      error: fieldErrors[spec.field],
      testId: TEST_IDS[spec.field],
      // The server is prefilled: the cursor starts in the first field to type in.
      autoFocus: index === 1,
      required: spec.required !== null,
    };
    if (spec.multiline) {
      return (
        <TextAreaField
          {...common}
          rows={4}
          value={values[spec.field] ?? ''}
          onChange={(e) => set(spec.field, e.target.value)}
        />
      );
    }
    return (
      <Field
        {...common}
        type={spec.field === 'serverUrl' ? 'url' : spec.secret ? 'password' : 'text'}
        value={values[spec.field] ?? ''}
        onChange={(e) => set(spec.field, e.target.value)}
        autoComplete={spec.field === 'password' && signingUp ? 'new-password' : AUTOCOMPLETE[spec.field]}
        autoCapitalize="none"
        spellCheck={false}
      />
    );
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
          {shown.map((spec, i) => (
            <Fragment key={spec.field}>
              {/* Sign-up: the display name goes just before the password. */}
              {signingUp && spec.field === 'password' && (
                <Field
                  label={t('signin.displayName')}
                  hint={t('signin.displayNameHint')}
                  testId="signin-displayname"
                  value={displayName}
                  onChange={(e) => setDisplayName(e.target.value)}
                  autoComplete="name"
                />
              )}
              {renderField(spec, i)}
            </Fragment>
          ))}
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
