// How the AZStack front's services are written: each validates its body (bodies.ts), does
// its work and replies with its own number; a refusal (Refused, or a body that does not
// validate) is answered with the service's failure reply — an `r` the SDK reads as failure
// plus the fields it matches on — or, for services the SDK expects no reply to, dropped.

import type { z } from 'zod';
import type { Logger } from '../../main/core/logger';
import type { AbuseGuards } from '../abuse-guards';
import type { Clock } from '../clock';
import type { Conn, Connections } from './connections';
import type { AzstackGroups } from './group-store';
import type { AzstackStore } from './store';

/** A signed-in connection. */
export type Me = Conn & { userId: number; uin: string };

export type Raw = Record<string, unknown>;

export interface Service<T = unknown> {
  schema: z.ZodType<T, unknown>;
  run(me: Me, body: T, raw: Raw): void;
  /** The reply to a refused request (same service number); absent = no reply. */
  fail?: (raw: Raw) => unknown;
}

export function service<T>(schema: z.ZodType<T, unknown>, run: Service<T>['run'], fail?: Service<T>['fail']): Service<T> {
  return fail ? { schema, run, fail } : { schema, run };
}

export interface ServiceDeps {
  store: AzstackStore;
  groups: AzstackGroups;
  connections: Connections;
  guards: AbuseGuards;
  clock: Clock;
  log: Logger;
}

/** A request the front will not do; the reason is logged (never content). */
export class Refused extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'Refused';
  }
}

/** A field of the raw body as a number for an echo in a failure reply (0 when absent or not a number). */
export function numberField(raw: Raw, name: string): number {
  const v = raw[name];
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'string' && /^\d{1,15}$/.test(v)) return Number(v);
  return 0;
}

/** The chat type of the raw body, 1 or 2 (1 when it is neither: an ack without one never settles). */
export function chatTypeField(raw: Raw, name = 'type'): 1 | 2 {
  return numberField(raw, name) === 2 ? 2 : 1;
}
