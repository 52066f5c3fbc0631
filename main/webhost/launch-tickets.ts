// One-time launch links for `--open`. A browser started with the secret in its command line
// would show it to every local user (`ps`, /proc/PID/cmdline) for as long as it runs. It is
// given a ticket instead: usable once, for a minute, exchanged at /launch for a redirect to
// the secret URL. Once Chromium has used it, what `ps` shows is worthless.

import { randomBytes } from 'node:crypto';
import { secretMatches } from './security';

const TICKET_LIFETIME_MS = 60_000;

export interface LaunchTickets {
  issue(): string;
  /** The secret for a valid ticket, once; null otherwise. */
  redeem(ticket: string | null): string | null;
}

export function createLaunchTickets(secret: string, now: () => number = Date.now): LaunchTickets {
  const live = new Map<string, number>(); // ticket → expiry
  return {
    issue() {
      const ticket = randomBytes(24).toString('hex');
      live.set(ticket, now() + TICKET_LIFETIME_MS);
      return ticket;
    },
    redeem(given) {
      for (const [ticket, expiresAt] of live) {
        if (expiresAt < now()) live.delete(ticket);
        else if (secretMatches(given, ticket)) {
          live.delete(ticket);
          return secret;
        }
      }
      return null;
    },
  };
}
