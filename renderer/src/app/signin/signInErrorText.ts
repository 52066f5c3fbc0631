import type { ParleyErrorData } from '../../contract';
import { t } from '../../i18n';

/** What to tell the user when signing in or up fails, in their language where we can. */
export function signInErrorText(error: ParleyErrorData, serverUrl: string): string {
  switch (error.code) {
    case 'invalid-credentials':
      return t('signin.error.invalidCredentials');
    case 'unreachable':
      return t('signin.error.unreachable', { server: serverUrl });
    case 'timeout':
      return t('signin.error.timeout');
    case 'username-taken':
      return t('signin.error.usernameTaken');
    case 'unsupported':
      return t('signin.error.unsupported');
    case 'invalid-argument':
      // Issues about a field are shown under it (argument-errors.ts); main's message is
      // developer English, so the user gets the catalogue's words, never it.
      return t('signin.invalid.checkForm');
    default:
      return t('signin.error.generic', { message: error.message });
  }
}
