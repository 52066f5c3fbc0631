// The browser host's gatekeeping, in one place: which addresses it may bind, which Host and
// Origin headers it answers, and how the per-launch secret is made and compared.
// Any page in any browser on this machine can reach 127.0.0.1; only a page that was given
// the secret, loaded from this host's own origin, may drive the signed-in session.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Loopback only: the host carries a signed-in session and must never face a network. */
const LOOPBACK_HOSTS: Record<string, string> = { '127.0.0.1': '127.0.0.1', '::1': '[::1]' };

export function urlHostFor(bindHost: string): string {
  const host = LOOPBACK_HOSTS[bindHost];
  if (!host) throw new Error(`the browser host binds to 127.0.0.1 or ::1 only, not "${bindHost}"`);
  return host;
}

export function newSecret(): string {
  return randomBytes(32).toString('hex');
}

export function assertUsableSecret(secret: string): void {
  if (!/^[A-Za-z0-9_-]{32,256}$/.test(secret)) {
    throw new Error('the secret must be 32 to 256 letters, digits, - or _');
  }
}

/** Constant time whatever the input: both sides are hashed to the same length first. */
export function secretMatches(given: string | null | undefined, secret: string): boolean {
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(secret, 'utf8').digest();
  return timingSafeEqual(a, b) && given.length === secret.length;
}

/**
 * The page's own gate, as the IPC socket's upgrade and the first-screen request check it: the
 * access key it was given and its Origin. Both are always checked, so the answer's timing
 * says nothing about which one failed. Null when both match.
 */
export function pageGateRefusal(given: { key: string | null | undefined; origin: string | undefined }, expected: { secret: string; origin: string }): 'key' | 'origin' | null {
  const keyOk = secretMatches(given.key, expected.secret);
  const originOk = given.origin === expected.origin;
  if (!keyOk) return 'key';
  if (!originOk) return 'origin';
  return null;
}

/**
 * A Host header that names this host exactly. Refusing any other defeats DNS rebinding
 * (a page on attacker.example resolving to 127.0.0.1 sends `Host: attacker.example:PORT`).
 */
export function hostHeaderMatches(header: string | undefined, expectedHost: string): boolean {
  return header === expectedHost;
}

/**
 * A request target in origin form ("/path?query") as a URL, or null: an absolute-form or
 * "//host" target is not for us, and WHATWG URL parsing throws on some that pass that test
 * ("/\\", where a backslash counts as a slash), which in a listener would end the process.
 */
export function parseRequestTarget(raw: string | undefined, origin: string): URL | null {
  if (raw === undefined || !raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return null;
  try {
    return new URL(raw, origin);
  } catch {
    return null;
  }
}
