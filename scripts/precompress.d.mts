// Types for precompress.mjs, which the web host's tests use to build their renderer directory
// the way scripts/build.mjs does.
export declare const COMPRESSIBLE: ReadonlySet<string>;
export declare function precompressDir(dir: string): Promise<Array<{ path: string; size: number; br: number | null; gz: number | null }>>;
