// The renderer's origin in Electron: app://parley. A privileged standard scheme rather than
// file:// gives the page a real origin ('self' in the CSP means something, storage is
// scoped, and file:// pages cannot read the disk around them).

export const APP_SCHEME = 'app';
export const APP_HOST = 'parley';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Whether a URL belongs to the app. Compared by scheme and host, not `URL.origin`: Node's
 * URL gives 'null' as the origin of a custom scheme.
 */
export function isAppUrl(raw: string | undefined | null): boolean {
  if (!raw) return false;
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}
