// A failed command's error in words for the user, in their language. Main's message is for
// developers where the code already says it all (a socket's ECONNREFUSED, "the account of that
// file is not signed in"): those codes get the catalogue's sentence. The others keep the
// message, which carries what only it knows (the server's own reason, which field was wrong).

import type { ParleyErrorData } from '../../contract';
import { t, type MessageKey } from '../../i18n';

const BY_CODE: Partial<Record<ParleyErrorData['code'], MessageKey>> = {
  offline: 'error.offline',
  unreachable: 'error.unreachable',
  timeout: 'error.timeout',
  'not-signed-in': 'error.notSignedIn',
  'session-expired': 'error.sessionExpired',
  forbidden: 'error.forbidden',
  'not-found': 'error.notFound',
  unsupported: 'error.unsupported',
  internal: 'error.internal',
};

export function errorText(error: Pick<ParleyErrorData, 'code' | 'message'>): string {
  const key = BY_CODE[error.code];
  return key ? t(key) : error.message;
}
