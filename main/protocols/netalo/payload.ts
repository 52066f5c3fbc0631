// Netalo payloads arrive as objects (real servers, the reference server) or as the document's
// single-quoted pseudo-JSON strings (its examples). Accept both on input, as the protocol
// notes ask; the client itself always sends plain objects.

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
