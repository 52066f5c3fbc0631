// Entry point: get the host's API (Electron preload or the browser host's WebSocket
// bridge), open the cache, render, then start the client. Rendering does not wait for
// any network answer: the first screen comes from `session.get` and Dexie.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { StartFailed } from './app/StartFailed';
import { ClientProvider } from './client/ClientProvider';
import { ParleyClient } from './client/ParleyClient';
import { ParleyDb } from './db/database';
import { conversationRef } from './contract';
import { getParleyApi, isElectronHost } from './host';
import { startPageNotifications } from './host/notifications';
import './styles/base.css';

const root = createRoot(document.getElementById('root')!);

async function boot(): Promise<void> {
  const api = await getParleyApi();
  const client = new ParleyClient({ api, db: new ParleyDb() });
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
  await client.start();
}

boot().catch((error: unknown) => {
  console.error('[parley] start failed', error);
  root.render(<StartFailed message={error instanceof Error ? error.message : String(error)} />);
});
