// main's events, a batch at a time, as one pipeline step each: a burst of 2,000 messages is
// one cache transaction and one store update. What a batch asks of the network (refresh an
// account that came online, fetch a conversation the cache does not know) runs beside the
// pipeline afterwards, never inside it.

import type { ParleyEvent } from '../contract';
import type { DataOp } from '../db/writer';
import type { AccountOp } from '../store/batch';
import type { Step } from './pipeline';

export interface BatchFollowUps {
  /** Accounts that came online (or were added online): refresh them. */
  online: string[];
  /** Accounts added by this batch: their cache must be loaded. */
  added: string[];
}

/** Translates one batch into one step. `known` are the accounts the view holds now. */
export function stepForBatch(events: readonly ParleyEvent[], known: ReadonlySet<string>): { step: Step; followUps: BatchFollowUps } {
  const accountOps: AccountOp[] = [];
  const ops: DataOp[] = [];
  const step: Step = {};
  const online = new Set<string>();
  const added = new Set<string>();
  for (const event of events) {
    switch (event.name) {
      case 'connection.changed': {
        const { accountId, state, detail } = event.payload;
        accountOps.push({ type: 'connection', accountId, state, ...(detail !== undefined ? { detail } : {}) });
        if (state === 'online') online.add(accountId);
        break;
      }
      case 'session.ended':
        accountOps.push({ type: 'ended', ...event.payload });
        break;
      case 'accounts.changed':
        accountOps.push({ type: 'accounts', accounts: event.payload.accounts });
        for (const s of event.payload.accounts) {
          if (!known.has(s.account.id)) {
            added.add(s.account.id);
            if (s.connection === 'online') online.add(s.account.id);
          }
        }
        break;
      case 'conversation.upserted':
        ops.push({ op: 'conversation', conversation: event.payload.conversation });
        break;
      case 'conversation.updated':
        ops.push({ op: 'conversation-updated', ...event.payload });
        break;
      case 'conversation.removed':
        ops.push({ op: 'conversation-removed', ...event.payload });
        break;
      case 'message.upserted':
        ops.push({ op: 'message', message: event.payload.message });
        break;
      case 'message.removed':
        ops.push({ op: 'message-removed', ...event.payload });
        break;
      case 'receipt.changed':
        ops.push({ op: 'receipt', receipt: event.payload.receipt });
        break;
      case 'typing.changed':
        (step.typing ??= []).push(event.payload.typing);
        break;
      case 'presence.changed':
        (step.presence ??= []).push(event.payload.presence);
        break;
      case 'unread.changed':
        step.unread = event.payload;
        break;
    }
  }
  if (accountOps.length) step.accountOps = accountOps;
  if (ops.length) step.ops = ops;
  if (added.size) step.load = [...added];
  return { step, followUps: { online: [...online], added: [...added] } };
}
