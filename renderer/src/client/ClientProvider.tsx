// Hands the one ParleyClient to components, and `useParley(selector)` to read its store.

import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { ParleyState } from '../store';
import type { ParleyClient } from './ParleyClient';

const ClientContext = createContext<ParleyClient | null>(null);

export function ClientProvider({ client, children }: { client: ParleyClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): ParleyClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside <ClientProvider>');
  return client;
}

/** Subscribes to a slice of the store. The selector must return a stable value (see selectors.ts). */
export function useParley<T>(selector: (state: ParleyState) => T): T {
  return useStore(useClient().store, selector);
}
