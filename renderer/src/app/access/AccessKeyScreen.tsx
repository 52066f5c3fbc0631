// The browser host's access-key screens (host/access-key.ts decides when): the bare address or
// a new tab ('missing'), and a tab whose key a restarted host no longer takes ('stale'). Each
// says what happened and what to do, and offers the working path in place: paste the link
// here. It has its own root beside the app's, which it hides: whatever the app was showing
// when the problem was found (a sign-in form that could only fail) is out of the way.

import { useId, useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { keyInFragment, type AccessProblem } from '../../host/access-key';
import { languageReady, t } from '../../i18n';
import './access-key.css';

/** The tab's new key from a pasted link, or why not: only a loopback Parley link, never elsewhere. */
export function readPastedLink(text: string): { key: string; origin: string } | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  const key = keyInFragment(url.hash);
  // The browser host binds only these (main/webhost/security.ts), and answers no other Host.
  const loopback = url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (!key || url.protocol !== 'http:' || !loopback || url.username || url.password) return null;
  return { key, origin: url.origin };
}

export function AccessKeyScreen({ problem }: { problem: AccessProblem }) {
  const titleId = useId();
  const inputId = useId();
  const errorId = useId();
  const [invalid, setInvalid] = useState(false);

  function open(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const text = new FormData(e.currentTarget).get('link');
    const link = typeof text === 'string' ? readPastedLink(text) : null;
    if (!link) return setInvalid(true);
    // Same host: the fragment is all that changes, and the page takes the key from it (access-key.ts).
    // Another port: that host's page, which takes its key the same way.
    if (link.origin === window.location.origin) window.location.hash = `k=${link.key}`;
    else window.location.assign(`${link.origin}/#k=${link.key}`);
  }

  const title = problem === 'missing' ? t('access.missing.title') : t('access.stale.title');
  const body = problem === 'missing' ? t('access.missing.body') : t('access.stale.body');
  return (
    <main className="access-key" data-testid={`access-key-${problem}`} aria-labelledby={titleId}>
      <div className="access-key__card">
        <p className="access-key__app">{t('app.name')}</p>
        <h1 id={titleId} className="access-key__title">
          {title}
        </h1>
        <p className="access-key__body">{body}</p>
        <form className="access-key__form" onSubmit={open} noValidate>
          <label htmlFor={inputId} className="access-key__label">
            {t('access.paste.label')}
          </label>
          <div className="access-key__row">
            <input
              id={inputId}
              name="link"
              type="url"
              dir="ltr"
              className="access-key__input"
              placeholder={t('access.paste.placeholder')}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={invalid}
              aria-describedby={invalid ? errorId : undefined}
              onChange={() => setInvalid(false)}
              autoFocus
            />
            <button type="submit" className="button button--primary">
              {t('access.paste.open')}
            </button>
          </div>
          {invalid && (
            <p id={errorId} className="access-key__error" role="alert">
              {t('access.paste.invalid')}
            </p>
          )}
        </form>
        <h2 className="access-key__subtitle">{t('access.lost.title')}</h2>
        <p className="access-key__body">{t('access.lost.body')}</p>
      </div>
    </main>
  );
}

/** Draws the screen in place of the app, which is hidden (not seen, not reached, not read out) while it shows. */
export async function showAccessKeyScreen(problem: AccessProblem): Promise<void> {
  await languageReady;
  const app = document.getElementById('root');
  if (app) app.hidden = true;
  const host = document.createElement('div');
  host.id = 'access-key-root';
  document.body.append(host);
  createRoot(host).render(<AccessKeyScreen problem={problem} />);
}
