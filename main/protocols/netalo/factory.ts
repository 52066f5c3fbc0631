// Netalo sign-in / sign-up (HTTP, Parley's reference server: server/PROTOCOL.md) and the
// adapter factory. The Netalo document leaves out how a session is issued; this is ours.

import { ParleyError } from '../../../contract/errors';
import { credentialsFor, type AdapterSession, type ProtocolAdapterFactory, type SignUpDetails } from '../../core/adapter';
import type { Credentials } from '../../../contract/commands';
import type { Logger } from '../../core/logger';
import { NetaloAdapter } from './adapter';
import { netaloCapabilities } from './capabilities';
import { httpFailure, httpJson, normalizeServerUrl, type HttpAnswer } from './http';
import { describeIssues, sessionAnswerSchema } from './schemas';

export const netaloFactory: ProtocolAdapterFactory<'netalo'> = {
  protocol: 'netalo',
  label: 'Netalo',
  signInFields: ['serverUrl', 'username', 'password'],
  capabilities: netaloCapabilities,

  async signIn(given: Credentials): Promise<AdapterSession> {
    const credentials = credentialsFor('netalo', given);
    const serverUrl = normalizeServerUrl(credentials.serverUrl);
    const answer = await httpJson(serverUrl, '/api/v1/signin', {
      method: 'POST',
      body: { username: credentials.username, password: credentials.password },
    });
    if (answer.status === 401) throw new ParleyError('invalid-credentials', 'Wrong username or password');
    if (answer.status !== 200) throw httpFailure(answer, 'Sign-in');
    return toSession(serverUrl, answer);
  },

  async signUp(details: SignUpDetails): Promise<AdapterSession> {
    const serverUrl = normalizeServerUrl(details.serverUrl);
    const answer = await httpJson(serverUrl, '/api/v1/signup', {
      method: 'POST',
      body: {
        username: details.username,
        password: details.password,
        ...(details.displayName ? { display_name: details.displayName } : {}),
      },
    });
    if (answer.status === 409) {
      throw new ParleyError('username-taken', `The username "${details.username}" is already taken`);
    }
    if (answer.status !== 201 && answer.status !== 200) throw httpFailure(answer, 'Sign-up');
    return toSession(serverUrl, answer);
  },

  create(session: AdapterSession, log: Logger): NetaloAdapter {
    return new NetaloAdapter(session, log);
  },
};

function toSession(serverUrl: string, answer: HttpAnswer): AdapterSession {
  const parsed = sessionAnswerSchema.safeParse(answer.body);
  if (!parsed.success) {
    throw new ParleyError('server-error', `malformed answer from server (${describeIssues(parsed.error).join('; ')})`);
  }
  const { session, expires_at, user } = parsed.data;
  return {
    protocol: 'netalo',
    serverUrl,
    userId: user.uin,
    username: user.username,
    displayName: user.display_name || user.username,
    // Version 1: the session string as the server issued it.
    secret: { version: 1, value: session },
    ...(typeof expires_at === 'number' ? { expiresAt: expires_at } : {}),
  };
}
