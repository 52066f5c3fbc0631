// Mingdao sign-in and the adapter factory. The socket document says nothing of signing in;
// the shared spec's `POST /mds2/api/login` {account, password} answers with the pss_id the
// socket takes (query `pss_id`, and `token` + `app` as the document asks). The pss_id is the
// whole secret Parley keeps; the password is not stored.

import type { Credentials } from '../../../contract/commands';
import { ParleyError } from '../../../contract/errors';
import { credentialsFor, type AdapterSession, type ProtocolAdapterFactory } from '../../core/adapter';
import type { Logger } from '../../core/logger';
import { httpFailure, httpJson, normalizeServerUrl } from '../netalo/http';
import { MingdaoAdapter } from './adapter';
import { mingdaoCapabilities } from './capabilities';
import { secretOf } from './session-secret';
import { loginAnswerSchema } from './wire';

export const MINGDAO_LOGIN_PATH = '/mds2/api/login';

export const mingdaoFactory: ProtocolAdapterFactory<'mingdao'> = {
  protocol: 'mingdao',
  label: 'Mingdao',
  signInFields: ['serverUrl', 'login', 'password'],
  capabilities: mingdaoCapabilities,
  note: 'Mingdao accounts are made on Mingdao itself. Mingdao keeps no history for other apps: Parley shows what it received while signed in; older messages are in Mingdao’s web app.',

  async signIn(given: Credentials): Promise<AdapterSession> {
    const credentials = credentialsFor('mingdao', given);
    const serverUrl = normalizeServerUrl(credentials.serverUrl);
    const account = credentials.login.trim();
    if (!account || !credentials.password) throw new ParleyError('invalid-argument', 'Enter your Mingdao account and password');
    const answer = await httpJson(serverUrl, MINGDAO_LOGIN_PATH, { method: 'POST', body: { account, password: credentials.password } });
    if (answer.status === 401 || answer.status === 403) throw new ParleyError('invalid-credentials', 'Wrong account or password');
    if (answer.status === 404) throw new ParleyError('unreachable', `${serverUrl} is not a Mingdao server (no ${MINGDAO_LOGIN_PATH})`);
    if (answer.status !== 200) throw httpFailure(answer, 'Mingdao sign-in');
    const parsed = loginAnswerSchema.safeParse(answer.body);
    if (!parsed.success) throw new ParleyError('server-error', `The Mingdao server answered the sign-in with something unreadable`);
    const { pss_id, accountId, name } = parsed.data;
    return {
      protocol: 'mingdao',
      serverUrl,
      userId: accountId,
      username: account,
      displayName: name || account,
      secret: secretOf(pss_id),
    };
  },

  create(session: AdapterSession, log: Logger): MingdaoAdapter {
    return new MingdaoAdapter(session, log);
  },
};
