// What Parley keeps of a Mingdao sign-in: the pss_id the server issued (the secret), in a
// versioned JSON envelope so a later format can still read it.

import { z } from 'zod';
import { ParleyError } from '../../../contract/errors';
import type { AdapterSession } from '../../core/adapter';

export const MINGDAO_SECRET_VERSION = 1;

export function secretOf(pssId: string): AdapterSession['secret'] {
  return { version: MINGDAO_SECRET_VERSION, value: JSON.stringify({ pss_id: pssId }) };
}

export function pssIdOf(session: AdapterSession): string {
  let json: unknown;
  try {
    json = JSON.parse(session.secret.value);
  } catch {
    json = undefined;
  }
  const parsed = z.object({ pss_id: z.string().min(1).max(1024) }).safeParse(json);
  if (session.secret.version !== MINGDAO_SECRET_VERSION || !parsed.success) {
    throw new ParleyError('session-expired', 'The saved Mingdao sign-in is unreadable: sign in again');
  }
  return parsed.data.pss_id;
}
