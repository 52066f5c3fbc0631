// Version 1 of Parley kept unsent messages in the renderer's own outbox. Since version 2
// main owns sending: each entry left over is handed to main (`messages.send` with the
// message's own nonce, so a message version 1 had already sent is deduplicated where the
// protocol can) and deleted only once main holds it. Runs when the entry's account is
// signed in; the entries of other accounts wait for theirs.

import type { ParleyApi } from '../contract';
import type { ParleyDb } from '../db/database';
import type { DataOp } from '../db/writer';
import type { Pipeline } from './pipeline';

export async function handOverLegacyOutbox(deps: { api: ParleyApi; db: ParleyDb; pipeline: Pipeline }, accountId: string): Promise<void> {
  const { api, db, pipeline } = deps;
  const entries = await db.outbox.where('accountId').equals(accountId).sortBy('seq');
  for (const entry of entries) {
    const row = await db.threadMessages.get([entry.accountId, entry.conversationId, entry.key]);
    const ops: DataOp[] = [{ op: 'legacy-handed-over', seq: entry.seq! }];
    if (row && row.nonce && !row.id && row.text.trim()) {
      if (row.status === 'sending') {
        // Version 1 stopped mid-send; main will hold it queued. Written before asking main:
        // main's answer never overwrites a row, and its later events must not be undone.
        const { key: _key, rev: _rev, ...message } = row;
        await pipeline.run({ ops: [{ op: 'message', message: { ...message, status: 'queued' } }] });
      }
      const result = await api.messages.send({ accountId, conversationId: row.conversationId, text: row.text, nonce: row.nonce });
      if (result.ok) ops.push({ op: 'message', message: result.value, mode: 'queued' });
      else if (result.error.code === 'not-signed-in') return; // signed out meanwhile: try again at the next sign-in
      else ops.push({ op: 'message', message: { ...row, status: 'failed', error: result.error.message }, mode: 'local-failure' });
    }
    await pipeline.run({ ops });
  }
}
