// What Parley keeps to reconnect a Haraj account: the access and refresh tokens (version 1),
// stored encrypted by the host where it can. A refresh replaces both (`session-renewed`).

import { z } from 'zod';
import { ParleyError } from '../../../contract/errors';
import type { AdapterSession } from '../../core/adapter';
import type { Tokens } from './http';

export const HARAJ_SECRET_VERSION = 1;

const secretSchema = z.object({ access_token: z.string().min(1).max(4096), refresh_token: z.string().min(1).max(4096) });

export function secretOf(tokens: Tokens): AdapterSession['secret'] {
  return { version: HARAJ_SECRET_VERSION, value: JSON.stringify({ access_token: tokens.access, refresh_token: tokens.refresh }) };
}

export function tokensOf(session: AdapterSession): Tokens {
  let raw: unknown;
  try {
    raw = JSON.parse(session.secret.value);
  } catch {
    raw = undefined;
  }
  const parsed = secretSchema.safeParse(raw);
  if (session.secret.version !== HARAJ_SECRET_VERSION || !parsed.success) {
    throw new ParleyError('session-expired', 'The saved Haraj sign-in is unreadable: sign in again');
  }
  return { access: parsed.data.access_token, refresh: parsed.data.refresh_token };
}
