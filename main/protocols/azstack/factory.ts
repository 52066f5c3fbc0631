// AZStack sign-in (the two steps of notes, Authentication: 29 on a master socket, then 179 on
// a new one, answered by 162) and the adapter factory. AZStack has no session token: what
// Parley keeps to reconnect is what the sign-in screen asked for (app ID, public key, user ID,
// credentials), stored encrypted by the host where it can, plus the msgId high-water mark.

import type { Credentials } from '../../../contract/commands';
import { credentialsFor, type AdapterSession, type ProtocolAdapterFactory } from '../../core/adapter';
import type { Logger } from '../../core/logger';
import { normalizeServerUrl } from '../netalo/http';
import { AZSTACK_SECRET_VERSION, AzstackAdapter, type AzSecret } from './adapter';
import { azstackCapabilities } from './capabilities';
import { signInSteps } from './connection';

export const azstackFactory: ProtocolAdapterFactory<'azstack'> = {
  protocol: 'azstack',
  label: 'AZStack',
  signInFields: ['serverUrl', 'appId', 'publicKey', 'username', 'password'],
  capabilities: azstackCapabilities,
  note: 'AZStack users belong to the app: sign in with the app ID and public key your app gives, and your AZStack user ID.',

  async signIn(given: Credentials): Promise<AdapterSession> {
    const credentials = credentialsFor('azstack', given);
    const serverUrl = normalizeServerUrl(credentials.serverUrl);
    const secret: AzSecret = {
      appId: credentials.appId.trim(),
      publicKey: credentials.publicKey.trim(),
      username: credentials.username.trim(),
      password: credentials.password,
    };
    const { socket, me } = await signInSteps(serverUrl, secret, noLog);
    // The form's sign-in proves the credentials; the adapter opens its own session.
    socket.close();
    return {
      protocol: 'azstack',
      serverUrl,
      userId: String(me.userId),
      username: me.username,
      displayName: me.fullname,
      secret: { version: AZSTACK_SECRET_VERSION, value: JSON.stringify(secret) },
    };
  },

  create(session: AdapterSession, log: Logger): AzstackAdapter {
    return new AzstackAdapter(session, log);
  },
};

/** The sign-in form's attempt logs nothing: its outcome goes back to the form. */
const noLog: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => noLog,
};
