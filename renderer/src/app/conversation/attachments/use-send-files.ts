// Sending files from any of the three ways in (picker, drop, paste): each file is checked
// against the account's limits before it is read; a refused one gets a message in the
// composer and nothing is read or uploaded. An image's decoded size goes with it, so every
// viewer reserves its space before it loads.

import { useCallback, useEffect } from 'react';
import { useClient, useParley } from '../../../client/ClientProvider';
import { parseConversationRef } from '../../../contract';
import { imageSize, refusalFor, typeOf } from './file-rules';
import { transfers } from './uploads';

export function useCanSendFiles(conversationRef: string): boolean {
  const { accountId } = parseConversationRef(conversationRef);
  return useParley((s) => {
    const caps = s.accounts[accountId]?.capabilities;
    return Boolean(caps?.attachments && caps.attachmentLimits && caps.messaging !== 'receive-only');
  });
}

export function useSendFiles(conversationRef: string): (files: readonly File[]) => Promise<void> {
  const client = useClient();
  const { accountId } = parseConversationRef(conversationRef);
  const limits = useParley((s) => s.accounts[accountId]?.capabilities.attachmentLimits);
  return useCallback(
    async (files: readonly File[]) => {
      transfers.refused(conversationRef, null);
      for (const file of files) {
        const refusal = refusalFor(file, limits);
        if (refusal) {
          transfers.refused(conversationRef, refusal);
          continue;
        }
        const [buffer, size] = await Promise.all([file.arrayBuffer(), imageSize(file)]);
        const result = await client.sendFile(conversationRef, {
          name: file.name || 'file',
          mimeType: typeOf(file),
          bytes: new Uint8Array(buffer),
          ...(size ? { width: size.width, height: size.height } : {}),
        });
        if (!result.ok) transfers.refused(conversationRef, result.error.message);
        else if (result.value.nonce && result.value.status !== 'sent') {
          transfers.started({ conversationRef, nonce: result.value.nonce, name: file.name, total: file.size });
        }
      }
    },
    [client, conversationRef, limits],
  );
}

/** Main's progress events into the transfers store, while a conversation is open. */
export function useTransferFeed(): void {
  const client = useClient();
  useEffect(() => client.onTransferProgress((e) => transfers.onEvent(e)), [client]);
}
