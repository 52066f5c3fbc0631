// talker sign-in (on the socket: `auth` {login, hash} answered by `login`) and the adapter
// factory. talker has no tokens: what Parley keeps to reconnect is the login and the
// password itself (the server compares `hash` verbatim), stored encrypted by the host where
// it can (Electron's safeStorage). Sign-up is not offered: talker confirms new accounts by email.

import type { Credentials } from '../../../contract/commands';
import { credentialsFor, type AdapterSession, type ProtocolAdapterFactory } from '../../core/adapter';
import type { Logger } from '../../core/logger';
import { normalizeServerUrl } from '../netalo/http';
import { TalkerAdapter } from './adapter';
import { talkerCapabilities } from './capabilities';
import { signInOnce } from './connection';

export const TALKER_SECRET_VERSION = 1;

export const talkerFactory: ProtocolAdapterFactory<'talker'> = {
  protocol: 'talker',
  label: 'talker',
  signInFields: ['serverUrl', 'login', 'password'],
  capabilities: talkerCapabilities,
  note: 'talker accounts are created on the talker server and confirmed by email, not from Parley.',

  async signIn(given: Credentials): Promise<AdapterSession> {
    const credentials = credentialsFor('talker', given);
    const serverUrl = normalizeServerUrl(credentials.serverUrl);
    const login = credentials.login.trim();
    const userId = await signInOnce(serverUrl, { login, hash: credentials.password });
    return {
      protocol: 'talker',
      serverUrl,
      userId: String(userId),
      username: login,
      displayName: login,
      secret: { version: TALKER_SECRET_VERSION, value: JSON.stringify({ login, hash: credentials.password }) },
    };
  },

  create(session: AdapterSession, log: Logger): TalkerAdapter {
    return new TalkerAdapter(session, log);
  },
};
