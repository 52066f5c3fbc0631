import { useEffect, useState } from 'react';
import { useClient } from '../../client/ClientProvider';
import type { ErrorCode, User } from '../../contract';

export type SearchState =
  | { status: 'idle' }
  | { status: 'searching'; users: User[] }
  | { status: 'done'; users: User[] }
  | { status: 'error'; code: ErrorCode; message: string };

export const SEARCH_DELAY_MS = 250;

/**
 * `users.search` for what the user typed, once they pause typing. An answer for an older
 * query never replaces a newer one. The account's own user is left out of the results.
 */
export function useUserSearch(accountId: string | null, query: string, myUserId: string | undefined): SearchState {
  const client = useClient();
  const [state, setState] = useState<SearchState>({ status: 'idle' });
  const trimmed = query.trim();

  useEffect(() => {
    if (!trimmed || !accountId) {
      setState({ status: 'idle' });
      return;
    }
    // Keep the previous results visible while the next search runs: no flicker while typing.
    setState((s) => ({ status: 'searching', users: 'users' in s ? s.users : [] }));
    let current = true;
    const timer = setTimeout(async () => {
      const result = await client.searchUsers(accountId, trimmed);
      if (!current) return;
      setState(
        result.ok
          ? { status: 'done', users: result.value.filter((u) => u.id !== myUserId) }
          : { status: 'error', code: result.error.code, message: result.error.message },
      );
    }, SEARCH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, accountId, trimmed, myUserId]);

  return state;
}
