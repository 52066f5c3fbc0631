// The build's hashed assets (/assets/name-HASH.ext), kept in memory once served. Their
// bytes never change under a name (a new build makes new names: static-handler.ts's
// cacheControl answers `immutable`), so a copy read once is good for the host's life.
//
// Why: a browser's first start asks for some twenty of them at once, and read from disk each
// one took about ten file-system calls (realpath, stat, open, the precompressed sibling's
// open and stat, reads, closes) through libuv's four threads, queued behind each other and
// the host's own writes: 5–40 ms each on the bench machine, measured in the host, while the
// list waited for them (bench B1, fresh profile). From memory an answer is one write.
//
// Bounded: at most MAX_BYTES in all (one build's served variants are about 0.4 MB); past
// that, further files are served from disk as before.

import type { ContentEncoding } from './compression';

export const MAX_BYTES = 32 * 1024 * 1024;

export interface KeptAsset {
  body: Buffer;
  contentType: string;
  /** null: the file itself. */
  encoding: ContentEncoding | null;
}

export class AssetMemory {
  private readonly kept = new Map<string, KeptAsset>();
  private bytes = 0;

  constructor(private readonly maxBytes = MAX_BYTES) {}

  /** One entry per asset and per list of accepted encodings (which decides the variant sent). */
  static key(pathname: string, accepted: readonly ContentEncoding[]): string {
    return `${pathname}\n${accepted.join(',')}`;
  }

  get(key: string): KeptAsset | undefined {
    return this.kept.get(key);
  }

  /** Keeps `asset` unless that would pass the bound; says whether it did. */
  keep(key: string, asset: KeptAsset): boolean {
    if (this.kept.has(key)) return true;
    if (this.bytes + asset.body.byteLength > this.maxBytes) return false;
    this.kept.set(key, asset);
    this.bytes += asset.body.byteLength;
    return true;
  }

  get size(): number {
    return this.bytes;
  }
}
