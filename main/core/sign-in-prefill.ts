// What the sign-in form can be prefilled with besides the server address: the bundled
// reference server's AZStack demo app. AZStack signs users in to an app, with the app's ID
// and RSA public key; `npm start` names the demo app and the file its server wrote the
// public key to (PARLEY_AZSTACK_APP_ID, PARLEY_AZSTACK_PUBLIC_KEY_FILE), so that choosing
// AZStack on the sign-in screen needs only a username and password, as every other protocol.
// Both hosts (Electron and the browser host) read it the same way.

import { readFileSync } from 'node:fs';
import type { ProtocolId, SignInField } from '../../contract/domain';
import type { Logger } from './logger';

/** A public key file larger than this is not one (a 4096-bit SPKI key in base64 is ~740 bytes). */
const MAX_KEY_FILE_BYTES = 8 * 1024;

export type SignInPrefill = Partial<Record<ProtocolId, Partial<Record<SignInField, string>>>>;

export function signInPrefillFromEnv(env: Readonly<Record<string, string | undefined>>, log: Logger): SignInPrefill {
  const appId = env.PARLEY_AZSTACK_APP_ID?.trim();
  const keyFile = env.PARLEY_AZSTACK_PUBLIC_KEY_FILE?.trim();
  if (!appId || !keyFile) return {};
  let publicKey: string;
  try {
    const bytes = readFileSync(keyFile);
    if (bytes.length > MAX_KEY_FILE_BYTES) throw new Error('the file is too large for a public key');
    publicKey = bytes.toString('utf8').trim();
  } catch (e) {
    // The form still works: the user pastes the key. Said once, in the log, with the reason.
    log.warn('AZStack public key not prefilled', { error: e instanceof Error ? e.message : String(e) });
    return { azstack: { appId } };
  }
  if (!/^[A-Za-z0-9+/=\s-]+$/.test(publicKey)) {
    log.warn('AZStack public key not prefilled', { error: 'the file is not base64 or PEM' });
    return { azstack: { appId } };
  }
  return { azstack: { appId, publicKey } };
}
