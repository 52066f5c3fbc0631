// An event a server pushed, checked against its schema before an adapter reads it. A
// malformed one is dropped and logged by its name and the paths that failed, never with
// its content (message text must not reach the logs). Shared by the socket adapters.

import type { z } from 'zod';
import type { Logger } from '../core/logger';

export function decodeEvent<T>(event: string, schema: z.ZodType<T>, raw: unknown, log: Logger): T | undefined {
  let parsed: ReturnType<z.ZodType<T>['safeParse']>;
  try {
    parsed = schema.safeParse(raw);
  } catch (e) {
    log.warn('dropped an event that could not be checked', { event, error: e instanceof Error ? e.name : typeof e });
    return undefined;
  }
  if (!parsed.success) {
    log.warn('dropped a malformed event', { event, issues: parsed.error.issues.slice(0, 3).map((i) => i.path.join('.')) });
    return undefined;
  }
  return parsed.data;
}
