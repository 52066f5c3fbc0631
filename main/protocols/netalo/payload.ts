// Netalo payloads arrive as objects (real servers, the reference server) or as the document's
// single-quoted pseudo-JSON strings (its examples). Accept both on input, as the protocol
// notes ask; the client itself always sends plain objects.

import type { z } from 'zod';
import type { Logger } from '../../core/logger';
import { describeIssues } from './schemas';
import { parseLenientJson } from './wire/lenient-json';

/**
 * A string payload → its parsed value (big integers kept as decimal strings); anything else
 * unchanged. An unparsable string is returned as is, so that schema validation rejects it
 * and the caller logs and drops it like any other malformed payload.
 */
export function decodePayload(payload: unknown): unknown {
  if (typeof payload !== 'string') return payload;
  try {
    return parseLenientJson(payload, { allowSingleQuotes: true });
  } catch {
    return payload;
  }
}

/**
 * A pushed payload (an object, or the document's pseudo-JSON string) checked against its
 * schema: the data, or undefined when it does not fit. A rejection is logged with the event
 * and the issues' paths and codes, never the payload's content (it may hold message text).
 * Never throws, whatever arrives.
 */
export function decodePush<T>(event: string, schema: z.ZodType<T>, payload: unknown, log: Logger): T | undefined {
  let parsed: ReturnType<z.ZodType<T>['safeParse']>;
  try {
    parsed = schema.safeParse(decodePayload(payload));
  } catch (e) {
    log.warn('dropped a push that could not be checked', { event, error: e instanceof Error ? e.name : typeof e });
    return undefined;
  }
  if (!parsed.success) {
    log.warn('dropped malformed push', { event, issues: describeIssues(parsed.error) });
    return undefined;
  }
  return parsed.data;
}
