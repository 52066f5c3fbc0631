// The browser host's one request besides the renderer's files and the IPC socket: a first
// start's list rows in one HTTP round trip. main/webhost/first-screen-route.ts answers it,
// renderer/src/host/first-screen-over-http.ts asks it (Electron has no such request).
import type { SessionInfo } from './commands';
import type { Conversation } from './domain';

export const FIRST_SCREEN_PATH = '/ipc/first-screen';
/** Carries the access key (never the URL). Header names are case-insensitive; Node hands them over in lower case. */
export const ACCESS_KEY_HEADER = 'x-parley-key';
/** The client's first page is 50 rows; more than a screen's worth is never asked for here. */
export const FIRST_SCREEN_MAX_LIMIT = 100;

/** The session and each online account's first page of conversations: what the rows painted before React show. */
export interface FirstPages {
  session: SessionInfo;
  pages: Array<{ accountId: string; items: Conversation[] }>;
}
