// Netalo requests about device tokens (server/PROTOCOL.md, Profile tokens):
//   register_profile_token {uin?, type 1-4, token} → {uin, type, token}
//   unregister_profile_token {uin?, token}         → {uin, token}
// Always for the caller: a `uin` that is someone else's is result 4. The document's
// unregister example also sends `type`: ignored, as any unknown field.

import { z } from 'zod';
import { normaliseId } from '../id-format';
import { codePointLength } from '../text';
import type { Handler, RequestContext } from './context';
import type { ProfileTokenStore } from './profile-token-store';
import { TokenType } from './profile-token-store';
import { forbidden } from './results';
import { parseRequest } from './validate';

/** Longer than any real one (APNs 64 hex digits, FCM about 160 characters, a web push subscription some hundreds). */
export const MAX_TOKEN_LENGTH = 4096;

const TOKEN_TYPES: readonly number[] = Object.values(TokenType);

const uinField = z
  .unknown()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value === null) return undefined;
    const uin = normaliseId(value);
    if (uin !== null) return uin;
    ctx.addIssue({ code: 'custom', message: 'must be an ID: a decimal string or a non-negative integer below 2^64' });
    return z.NEVER;
  });

const tokenField = z
  .unknown()
  .optional()
  .transform((value, ctx) => {
    if (typeof value !== 'string') {
      ctx.addIssue({ code: 'custom', message: value === undefined || value === null ? 'is required' : 'must be a string' });
      return z.NEVER;
    }
    const length = codePointLength(value, MAX_TOKEN_LENGTH);
    if (length === 0 || length > MAX_TOKEN_LENGTH) {
      ctx.addIssue({ code: 'custom', message: length === 0 ? 'must not be empty' : `must be at most ${MAX_TOKEN_LENGTH} characters` });
      return z.NEVER;
    }
    return value;
  });

const typeField = z
  .unknown()
  .optional()
  .transform((value, ctx) => {
    const n = typeof value === 'string' && /^\d{1,2}$/.test(value) ? Number(value) : value;
    if (typeof n === 'number' && TOKEN_TYPES.includes(n)) return n;
    ctx.addIssue({ code: 'custom', message: value === undefined || value === null ? 'is required' : `must be one of ${TOKEN_TYPES.join(', ')}` });
    return z.NEVER;
  });

export const registerProfileTokenRequest = z.object({ uin: uinField, type: typeField, token: tokenField });
export const unregisterProfileTokenRequest = z.object({ uin: uinField, token: tokenField });

function checkOwnUin(ctx: RequestContext, uin: string | undefined): void {
  if (uin !== undefined && uin !== ctx.uin) throw forbidden('uin: you can only register your own device tokens');
}

export function profileTokenHandlers(store: ProfileTokenStore): Readonly<Record<string, Handler>> {
  const register: Handler = (ctx, payload) => {
    const req = parseRequest(registerProfileTokenRequest, payload);
    checkOwnUin(ctx, req.uin);
    ctx.services.transaction(() => store.register(ctx.uin, req.token, req.type));
    return { uin: ctx.uin, type: req.type, token: req.token };
  };

  const unregister: Handler = (ctx, payload) => {
    const req = parseRequest(unregisterProfileTokenRequest, payload);
    checkOwnUin(ctx, req.uin);
    ctx.services.transaction(() => store.unregister(ctx.uin, req.token));
    return { uin: ctx.uin, token: req.token };
  };

  return { register_profile_token: register, unregister_profile_token: unregister };
}
