// Checks laid over every Netalo handler, before it runs (inside the dispatcher, so after
// the session check, and answered like any other refusal):
// - identity: a field that names who is acting (`sender_uin`, `caller_uin`) must be the
//   caller. Handlers use the socket's own uin anyway; saying someone else's is refused
//   (result 4) rather than silently ignored, so a confused or forging client finds out;
// - quotas: create_message and create_group per user, token buckets shared by all of the
//   user's sockets (and, for messages, with the talker front). Result 6 with `retry_after`.
// A request counts against its quota when it arrives, whether or not it then succeeds:
// a flood of invalid requests is still a flood.

import { parseLenientJson } from '../../main/protocols/netalo/wire/lenient-json';
import { describeQuota, type Quota } from '../abuse-guards';
import { normaliseId } from '../id-format';
import { retryAfterSeconds } from '../limits';
import type { Handler, RequestContext } from './context';
import { forbidden, RequestError, Result } from './results';

export interface NetaloGuards {
  messages: Quota;
  groups: Quota;
}

const IDENTITY_FIELDS = ['sender_uin', 'caller_uin'] as const;

/** The payload as an object, if it is one (a pseudo-JSON string is parsed; garbage is left to the handler). */
function fieldsOf(payload: unknown): Record<string, unknown> | null {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = parseLenientJson(value, { allowSingleQuotes: true });
    } catch {
      return null;
    }
  }
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function checkIdentity(ctx: RequestContext, payload: unknown): void {
  const fields = fieldsOf(payload);
  if (!fields) return;
  for (const field of IDENTITY_FIELDS) {
    const value = Object.hasOwn(fields, field) ? fields[field] : undefined;
    if (value === undefined || value === null) continue;
    if (normaliseId(value) !== ctx.uin) throw forbidden(`${field}: you can only act as yourself`);
  }
}

function takeQuota(quota: Quota, uin: string): void {
  const waitMs = quota.limiter.take(uin);
  if (waitMs === 0) return;
  const seconds = retryAfterSeconds(waitMs);
  throw new RequestError(Result.tooMany, `too many ${quota.what}: ${describeQuota(quota)}; try again in ${seconds} s`, {
    retry_after: seconds,
  });
}

/** The handlers, each behind the identity check and (create_message, create_group) its quota. */
export function guardHandlers(handlers: Readonly<Record<string, Handler>>, guards: NetaloGuards): Record<string, Handler> {
  const quotaOf: Record<string, Quota> = { create_message: guards.messages, create_group: guards.groups };
  const guarded: Record<string, Handler> = {};
  for (const [event, handler] of Object.entries(handlers)) {
    const quota = Object.hasOwn(quotaOf, event) ? quotaOf[event] : undefined;
    guarded[event] = (ctx, payload) => {
      checkIdentity(ctx, payload);
      if (quota) takeQuota(quota, ctx.uin);
      return handler(ctx, payload);
    };
  }
  return guarded;
}
