// Compressed answers for the renderer's files. The build writes `x.br` (Brotli) and `x.gz`
// (gzip) beside each compressible file of dist/renderer (scripts/precompress.mjs); the host
// picks one per the request's Accept-Encoding and sends it with the original's type. No
// compression at request time: a file without a (fresh) precompressed sibling goes out as
// it is. Attachments never come through here: they are served byte for byte.

import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

export type ContentEncoding = 'br' | 'gzip';

/** Each encoding the host can send, best first, and the suffix of its precompressed file. */
export const PRECOMPRESSED: ReadonlyArray<{ encoding: ContentEncoding; suffix: string }> = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
];

/**
 * The encodings a request accepts, most wanted first (RFC 9110 §12.5.3): q-values decide,
 * ties go to Brotli (smaller). A coding with q=0 is refused; `*` covers codings not named.
 * No header at all: identity (a client that wants compression says so).
 */
export function acceptedEncodings(header: string | readonly string[] | undefined): ContentEncoding[] {
  if (header === undefined) return [];
  const weights = new Map<string, number>();
  for (const item of (typeof header === 'string' ? header : header.join(',')).split(',')) {
    const [name = '', ...params] = item.split(';');
    let coding = name.trim().toLowerCase();
    if (coding === '') continue;
    if (coding === 'x-gzip') coding = 'gzip';
    let q = 1;
    for (const param of params) {
      const match = /^\s*q\s*=\s*(.*?)\s*$/i.exec(param);
      // A q-value is 0 to 1 with up to three decimals; anything else counts as a refusal.
      if (match) q = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(match[1]!) ? Number(match[1]) : 0;
    }
    weights.set(coding, Math.max(q, weights.get(coding) ?? 0));
  }
  const weightOf = (coding: string) => weights.get(coding) ?? weights.get('*') ?? 0;
  return PRECOMPRESSED.map(({ encoding }, rank) => ({ encoding, rank, q: weightOf(encoding) }))
    .filter((e) => e.q > 0)
    .sort((a, b) => b.q - a.q || a.rank - b.rank)
    .map((e) => e.encoding);
}

/**
 * How much older than its file a precompressed copy may be and still count as the same
 * build's: copying the directory without keeping times (`cp -r`) writes them in any order.
 * A file edited by hand after the build is newer than that, and goes out as it is.
 */
const COPY_SLACK_MS = 2_000;

export interface OpenedVariant {
  handle: FileHandle;
  /** Bytes to send: the size of the open file (what Content-Length says). */
  size: number;
  /** null: the file itself (identity). */
  encoding: ContentEncoding | null;
}

/**
 * Opens what to send for `path` (a real path inside the renderer directory, from
 * lookupStaticFile): its precompressed sibling in the most wanted accepted encoding, when
 * that is a regular file (never a symlink) not older than the original, else the
 * original. The size comes from the open file, so a rebuild replacing files mid-request
 * cannot make Content-Length disagree with the body.
 */
export async function openVariant(path: string, accepted: readonly ContentEncoding[]): Promise<OpenedVariant> {
  const original = await open(path, 'r');
  try {
    const originalStat = await original.stat();
    for (const encoding of accepted) {
      const suffix = PRECOMPRESSED.find((p) => p.encoding === encoding)!.suffix;
      const sibling = await openRegularFile(`${path}${suffix}`);
      if (!sibling) continue;
      if (sibling.stat.mtimeMs >= originalStat.mtimeMs - COPY_SLACK_MS) {
        await original.close();
        return { handle: sibling.handle, size: sibling.stat.size, encoding };
      }
      await sibling.handle.close(); // older than the original: left over from another build
    }
    return { handle: original, size: originalStat.size, encoding: null };
  } catch (e) {
    await original.close().catch(() => undefined);
    throw e;
  }
}

/** The file at `path` if it is a regular file and not a symlink; null if there is none. */
async function openRegularFile(path: string): Promise<{ handle: FileHandle; stat: Stats } | null> {
  let handle: FileHandle;
  try {
    // O_NONBLOCK: a FIFO named like a sibling must not hang the request.
    handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch {
    return null;
  }
  try {
    const stat = await handle.stat();
    if (stat.isFile()) return { handle, stat };
  } catch {
    // fall through: unusable
  }
  await handle.close().catch(() => undefined);
  return null;
}
