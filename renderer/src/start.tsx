// The client's start, loaded by main.tsx beside the host connection: open the cache, render,
// then start the client. Rendering does not wait for any network answer: the first screen
// comes from `session.get` and Dexie.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { StartFailed } from './app/StartFailed';
import { ClientProvider } from './client/ClientProvider';
import { ParleyClient } from './client/ParleyClient';
import { conversationRef, type ParleyApi } from './contract';
import { ParleyDb } from './db/database';
import { isElectronHost } from './host';
import { startPageNotifications } from './host/notifications';
import { languageReady } from './i18n';
import { chooseEmojiFont } from './styles/emoji-font';

export async function start(apiReady: Promise<ParleyApi>): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  try {
    // The cache opens (IndexedDB's disk files, Dexie's schema check) while the host connection
    // and the session are still on their way, not after: the list reads it right after the
    // session. A failure here surfaces at that first read.
    const db = new ParleyDb();
    db.open().catch(() => undefined);
    // The remembered language's catalogue (none to fetch for English) loads beside the host connection.
    const [api] = await Promise.all([apiReady, languageReady]);
    const client = new ParleyClient({ api, db });
    // Main decides on notifications; the browser host shows them here, Electron from main.
    startPageNotifications({
      api,
      win: window,
      showNotifications: !isElectronHost(),
      open: (accountId, conversationId) => void client.openConversation(conversationRef(accountId, conversationId)),
    });
    root.render(
      <StrictMode>
        <ClientProvider client={client}>
          <App />
        </ClientProvider>
      </StrictMode>,
    );
    chooseEmojiFont();
    await client.start();
  } catch (error: unknown) {
    console.error('[parley] start failed', error);
    root.render(<StartFailed message={error instanceof Error ? error.message : String(error)} />);
  }
}
