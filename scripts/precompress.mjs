// Writes `x.br` (Brotli, best quality) and `x.gz` (gzip -9) beside each compressible file of
// a built directory, for the browser host to send when the browser accepts them
// (main/webhost/compression.ts). Build output, never committed; the Electron package leaves
// them out (electron-builder.yml), since app:// reads files from disk.
// A copy is written only when it is smaller than the file; source maps are skipped (only
// developer tools fetch them, and Brotli at its best quality is slow on large files).
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

export const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.webmanifest', '.xml']);

const ENCODINGS = [
  {
    suffix: '.br',
    compress: (data) =>
      brotli(data, {
        params: {
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      }),
  },
  { suffix: '.gz', compress: (data) => gz(data, { level: constants.Z_BEST_COMPRESSION }) },
];

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

/**
 * Precompresses every compressible file under `dir` (recursively).
 * Resolves with one row per file: { path, size, br, gz } (byte counts; null where no copy was kept).
 */
export async function precompressDir(dir) {
  const jobs = [];
  for await (const path of files(dir)) {
    if (!COMPRESSIBLE.has(extname(path).toLowerCase())) continue;
    jobs.push(
      (async () => {
        const data = await readFile(path);
        const row = { path, size: data.length, br: null, gz: null };
        for (const { suffix, compress } of ENCODINGS) {
          const out = `${path}${suffix}`;
          const packed = await compress(data);
          if (packed.length < data.length) {
            await writeFile(out, packed);
            row[suffix === '.br' ? 'br' : 'gz'] = packed.length;
          } else if (await stat(out).catch(() => null)) {
            await rm(out); // an older, larger copy must not be served
          }
        }
        return row;
      })(),
    );
  }
  return Promise.all(jobs);
}
