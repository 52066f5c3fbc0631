// Remembers what the next start needs to paint this list's first rows before React
// (early-rows.ts, via first-screen.ts): the accounts shown and where the list begins in the
// sidebar. Measured while the page is idle, so no layout is forced.

import { useEffect, type RefObject } from 'react';
import type { AccountStatus, ProtocolInfo } from '../../contract';
import { rememberList } from '../first-screen';

export function useRememberList(list: RefObject<HTMLElement | null>, ready: boolean, accounts: readonly AccountStatus[], protocols: readonly ProtocolInfo[]): void {
  useEffect(() => {
    if (!ready || typeof window === 'undefined') return;
    const measure = () => {
      const nav = list.current;
      const sidebar = nav?.closest('.sidebar');
      if (!nav || !sidebar || nav.closest('[hidden]')) return;
      rememberList({
        accounts: accounts.map(({ account }) => ({
          id: account.id,
          userId: account.userId,
          label: `${account.username} · ${protocols.find((p) => p.protocol === account.protocol)?.label ?? account.protocol}`,
        })),
        top: Math.round(nav.getBoundingClientRect().top - sidebar.getBoundingClientRect().top),
      });
    };
    if (!window.requestIdleCallback) {
      const timer = setTimeout(measure, 0);
      return () => clearTimeout(timer);
    }
    const idle = window.requestIdleCallback(measure, { timeout: 2_000 });
    return () => window.cancelIdleCallback(idle);
  }, [list, ready, accounts, protocols]);
}
