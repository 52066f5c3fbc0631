// Settings on disk (settings-store.ts): defaults for what is missing, survives a restart,
// and a corrupt file means "defaults", never a crash.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../contract/domain';
import { createMemoryLogger } from '../logger';
import { SettingsStore } from '../settings-store';
import { tempDirsForFile } from './temp-dirs';

const tempDir = tempDirsForFile();

describe('SettingsStore', () => {
  it('starts from the defaults when there is no file yet', async () => {
    const store = new SettingsStore(join(tempDir('settings'), 'settings.json'), createMemoryLogger());
    expect(await store.load()).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps a change across a restart, and says what changed', async () => {
    const path = join(tempDir('settings'), 'settings.json');
    const store = new SettingsStore(path, createMemoryLogger());
    await store.load();
    const result = await store.set({ doNotDisturb: true, notificationPreviews: true });
    expect(result.changed).toEqual(['doNotDisturb']); // previews were already on
    expect(result.settings).toEqual({ ...DEFAULT_SETTINGS, doNotDisturb: true });
    expect(await new SettingsStore(path, createMemoryLogger()).load()).toEqual({ ...DEFAULT_SETTINGS, doNotDisturb: true });
  });

  it('writes nothing when nothing changes', async () => {
    const path = join(tempDir('settings'), 'settings.json');
    const store = new SettingsStore(path, createMemoryLogger());
    expect((await store.set({ closeToTray: DEFAULT_SETTINGS.closeToTray })).changed).toEqual([]);
    await expect(readFile(path, 'utf8')).rejects.toThrow();
  });

  it('fills keys the file lacks (an older Parley) and ignores a bad value, with the defaults', async () => {
    const path = join(tempDir('settings'), 'settings.json');
    await writeFile(path, JSON.stringify({ version: 1, settings: { doNotDisturb: true, closeToTray: 'yes' } }));
    expect(await new SettingsStore(path, createMemoryLogger()).load()).toEqual({ ...DEFAULT_SETTINGS, doNotDisturb: true });
  });

  it('keeps choices that are not on/off (theme, text size, devices) and drops values their schema refuses', async () => {
    const path = join(tempDir('settings'), 'settings.json');
    const store = new SettingsStore(path, createMemoryLogger());
    await store.load();
    const result = await store.set({ theme: 'dark', textSize: 'large', microphoneId: 'mic-2' });
    expect(result.changed.sort()).toEqual(['microphoneId', 'textSize', 'theme']);
    expect(await new SettingsStore(path, createMemoryLogger()).load()).toMatchObject({ theme: 'dark', textSize: 'large', microphoneId: 'mic-2' });
    await writeFile(path, JSON.stringify({ version: 1, settings: { theme: 'purple', textSize: 3, cameraId: 'cam-1' } }));
    expect(await new SettingsStore(path, createMemoryLogger()).load()).toEqual({ ...DEFAULT_SETTINGS, cameraId: 'cam-1' });
  });

  it('a corrupt file means the defaults and a warning; the next change replaces it', async () => {
    const path = join(tempDir('settings'), 'settings.json');
    await writeFile(path, '{"version":1,"settings":{"doNotDist');
    const log = createMemoryLogger();
    const store = new SettingsStore(path, log);
    expect(await store.load()).toEqual(DEFAULT_SETTINGS);
    expect(log.lines.some((l) => l.includes('settings file unreadable'))).toBe(true);
    await store.set({ includeMutedInBadge: true });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ version: 1, settings: { ...DEFAULT_SETTINGS, includeMutedInBadge: true } });
  });
});
