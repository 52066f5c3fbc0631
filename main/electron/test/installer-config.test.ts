// The installers' configuration (electron-builder.yml), checked where installers cannot be
// built: this machine has no Electron binary, which `electron-builder` (even `--dir`) needs.
// What it can check: the targets and icons per system, updates off by default, the security
// fuses, the parley:// scheme, and which files the packaged app would hold, by applying the
// config's `files` patterns (with minimatch, as electron-builder does) to a real dist/ build.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
// The parsed YAML and JSON, read field by field below (a test of their shape, not a typed API).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;
const config = load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Loose;
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Loose;
const dist = join(root, 'dist');
const built = existsSync(join(dist, 'electron', 'main.cjs')) && existsSync(join(dist, 'renderer', 'index.html'));

function pngSize(path: string): { width: number; height: number } {
  const png = readFileSync(path);
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const targets = (platform: string): string[] => (config[platform].target as Array<string | { target: string }>).map((t) => (typeof t === 'string' ? t : t.target));

describe('electron-builder.yml', () => {
  it('builds AppImage and deb for Linux, NSIS for Windows, dmg for macOS', () => {
    expect(targets('linux')).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(targets('win')).toEqual(['nsis']);
    expect(targets('mac')).toContain('dmg');
    // A deb needs a maintainer, or electron-builder stops.
    expect(config.linux.maintainer).toMatch(/\S+ <\S+@\S+>/);
  });

  it('gives every system an icon that exists and is large enough for its format', () => {
    for (const platform of ['mac', 'win', 'linux']) {
      const icon = join(root, config[platform].icon as string);
      expect(existsSync(icon), `${platform} icon ${icon}`).toBe(true);
      // electron-builder makes .icns (512@2x) and .ico (256) from one PNG of at least 1024 / 256 px.
      const { width, height } = pngSize(icon);
      expect(width).toBe(height);
      expect(width).toBeGreaterThanOrEqual(1024);
    }
  });

  it('publishes nowhere and points no update feed anywhere by default', () => {
    expect(config.publish).toBeNull();
    expect(JSON.stringify(config)).not.toMatch(/https?:\/\//);
  });

  it('turns on the security fuses', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
  });

  it('registers the parley:// scheme with the OS (macOS Info.plist, the Linux .desktop file)', () => {
    expect(config.protocols).toEqual([{ name: 'Parley link', schemes: ['parley'] }]);
  });

  it('ships no node_modules: the app has no runtime dependencies (main.cjs is self-contained)', () => {
    expect(packageJson.dependencies ?? {}).toEqual({});
  });
});

/** Every file under dir, relative to the repo root, with forward slashes. */
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [relative(root, path).split('\\').join('/')];
  });
}

/** What `files` selects: patterns in order, a later `!pattern` removing what an earlier one added. */
function selected(files: string[], patterns: string[]): string[] {
  return files.filter((file) => {
    let included = false;
    for (const pattern of patterns) {
      if (pattern.startsWith('!')) {
        if (minimatch(file, pattern.slice(1), { dot: true })) included = false;
      } else if (minimatch(file, pattern, { dot: true })) included = true;
    }
    return included;
  });
}

describe.skipIf(!built)('the packaged file list (from a real dist/ build: node scripts/build.mjs)', () => {
  const candidates = built ? [...walk(dist), 'package.json'] : [];
  const packaged = selected(candidates, config.files as string[]);

  it('holds main.cjs, preload.cjs, the renderer and the tray icons', () => {
    expect(packaged).toEqual(
      expect.arrayContaining(['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html', 'package.json']),
    );
    expect(packaged.some((f) => f.startsWith('dist/electron/tray/'))).toBe(true);
    expect(packaged.some((f) => /^dist\/renderer\/assets\/.+\.js$/.test(f))).toBe(true);
  });

  it('holds no server or browser-host code, no source maps, no node_modules, no precompressed copies', () => {
    expect(candidates.some((f) => f.endsWith('.map'))).toBe(true); // the build made some: the exclusion is tested
    expect(packaged.filter((f) => f.startsWith('dist/server/') || f.startsWith('dist/webhost/'))).toEqual([]);
    expect(packaged.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(packaged.filter((f) => f.includes('node_modules/'))).toEqual([]);
    expect(packaged.filter((f) => f.endsWith('.br') || f.endsWith('.gz'))).toEqual([]);
  });
});
