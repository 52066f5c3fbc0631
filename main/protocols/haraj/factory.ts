// Haraj sign-in (HTTP: `POST /chat/sessions` {username, password} → access and refresh
// tokens, the protocol notes) and the adapter factory. Sign-up is not offered: neither the
// document nor the notes have one.

import type { Credentials } from '../../../contract/commands';
import { ParleyError } from '../../../contract/errors';
import { credentialsFor, type AdapterSession, type ProtocolAdapterFactory } from '../../core/adapter';
import type { Logger } from '../../core/logger';
import { normalizeServerUrl } from '../netalo/http';
import { HarajAdapter } from './adapter';
import { harajCapabilities } from './capabilities';
import { dataOf, errOf, failureOf, rawRequest } from './http';
import { secretOf } from './secret';
import { displayName, tokenPairSchema, userSchema } from './wire';

export const harajFactory: ProtocolAdapterFactory<'haraj'> = {
  protocol: 'haraj',
  label: 'Haraj',
  signInFields: ['serverUrl', 'username', 'password'],
  capabilities: harajCapabilities,
  note: 'Haraj accounts are created by the Haraj service, not from Parley.',

  async signIn(given: Credentials): Promise<AdapterSession> {
    const credentials = credentialsFor('haraj', given);
    const serverUrl = normalizeServerUrl(credentials.serverUrl);
    const username = credentials.username.trim();
    const answer = await rawRequest(serverUrl, 'POST', '/chat/sessions', { body: { username, password: credentials.password } });
    if (answer.status === 401) throw new ParleyError('invalid-credentials', 'Wrong username or password');
    if (answer.status === 429) throw new ParleyError('server-error', 'Too many sign-in attempts: wait a moment and try again');
    if (answer.status !== 200) throw failureOf(answer, 'sign-in');
    const parsed = tokenPairSchema.safeParse(dataOf(answer));
    if (!parsed.success) throw new ParleyError('server-error', `The Haraj server answered the sign-in with something unreadable (${errOf(answer) ?? 'no tokens'})`);
    const pair = parsed.data;
    // The name to show: the companion API's user look-up where the server has it.
    let name = username;
    const me = await rawRequest(serverUrl, 'GET', `/chat/users/${pair.user_id}`, { token: pair.access_token }).catch(() => undefined);
    const user = me?.status === 200 ? userSchema.safeParse(dataOf(me)) : undefined;
    if (user?.success) name = displayName(user.data);
    return {
      protocol: 'haraj',
      serverUrl,
      userId: String(pair.user_id),
      username,
      displayName: name,
      secret: secretOf({ access: pair.access_token, refresh: pair.refresh_token }),
    };
  },

  create(session: AdapterSession, log: Logger): HarajAdapter {
    return new HarajAdapter(session, log);
  },
};
