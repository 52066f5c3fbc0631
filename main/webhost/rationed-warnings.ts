// Warnings any local client can cause at will (a refused IPC connection needs no key) must
// not flood the log: 20,000 refused upgrades in 6.6 s wrote 302 MB to stderr, each line
// carrying the client's Origin header (up to 16 KB), and turned the 5 MB rotating log file
// over again and again, losing what came before. A minute's first WARNINGS_PER_MINUTE are
// logged, the rest counted and the count logged with the next one that is; each field's
// text is clipped to FIELD_CHARS.

import type { Logger } from '../core/logger';

export const WARNINGS_PER_MINUTE = 20;
export const FIELD_CHARS = 200;

export function rationedWarnings(log: Logger, now: () => number = Date.now): (msg: string, fields: Record<string, unknown>) => void {
  let windowStart = -Infinity;
  let logged = 0;
  let dropped = 0;
  return (msg, fields) => {
    const at = now();
    if (at - windowStart >= 60_000) {
      windowStart = at;
      logged = 0;
    }
    if (logged >= WARNINGS_PER_MINUTE) {
      dropped += 1;
      return;
    }
    logged += 1;
    const clipped = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' && v.length > FIELD_CHARS ? `${v.slice(0, FIELD_CHARS)}…` : v]));
    log.warn(msg, dropped > 0 ? { ...clipped, notLoggedBefore: dropped } : clipped);
    dropped = 0;
  };
}
