import { t } from '../i18n';

/** Shown when the host API could not be reached at all: nothing else can work. */
export function StartFailed({ message }: { message: string }) {
  return (
    <main className="splash" role="alert">
      <h1 className="splash__name">{t('app.name')}</h1>
      <p>{t('app.startFailed', { message })}</p>
    </main>
  );
}
