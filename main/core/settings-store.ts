// The user's preferences that main acts on (badge, notifications, tray), in one small JSON
// file in the host's data directory. Main owns them because main acts on them with no window
// open (the tray's Do Not Disturb, the badge). A key the file lacks (an older Parley, a hand
// edit) takes its default; a file that cannot be read or parsed means "all defaults", never
// a crash, and is replaced at the next change. Each value is checked with the same zod
// schema `settings.set` uses (contract/commands.ts), so a new setting added to the contract
// is validated here with no second list to keep in step.

import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { commands } from '../../contract/commands';
import { DEFAULT_SETTINGS, type Settings } from '../../contract/domain';
import { writeFileAtomic } from './atomic-file';
import type { Logger } from './logger';

const KEYS = Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>;
const SCHEMAS = commands['settings.set'].args.shape as Partial<Record<keyof Settings, z.ZodType>>;

/** Whether `value` is one this setting may hold (its contract schema; the default's type where none). */
export function isValidSetting(key: keyof Settings, value: unknown): boolean {
  if (value === undefined) return false;
  const schema = SCHEMAS[key];
  return schema ? schema.safeParse(value).success : typeof value === typeof DEFAULT_SETTINGS[key];
}

export class SettingsStore {
  private current: Settings = { ...DEFAULT_SETTINGS };
  /** Writes one after another, so the file ends with the newest settings. */
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly log: Logger,
  ) {}

  /** Reads the file; until then (and when it is missing or unreadable) every setting is its default. */
  async load(): Promise<Settings> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch {
      return this.get(); // none yet
    }
    try {
      this.current = fromFile(JSON.parse(text) as unknown);
    } catch (e) {
      this.log.warn('settings file unreadable; using the defaults', { reason: e instanceof Error ? e.message : 'unknown' });
    }
    return this.get();
  }

  get(): Settings {
    return { ...this.current };
  }

  /** Applies the changes and saves; resolves with every setting and whether anything changed. */
  async set(changes: Partial<Settings>): Promise<{ settings: Settings; changed: Array<keyof Settings> }> {
    const changed = KEYS.filter((k) => isValidSetting(k, changes[k]) && changes[k] !== this.current[k]);
    if (changed.length === 0) return { settings: this.get(), changed };
    this.current = { ...this.current, ...pick(changes, changed) };
    const body = JSON.stringify({ version: 1, settings: this.current });
    this.saving = this.saving
      .then(() => writeFileAtomic(this.path, body))
      // Applied for this run anyway; the next change writes the file again.
      .catch((e: unknown) => this.log.error('could not save the settings', { error: e instanceof Error ? e.message : String(e) }));
    await this.saving;
    return { settings: this.get(), changed };
  }
}

function fromFile(raw: unknown): Settings {
  if (typeof raw !== 'object' || raw === null) throw new Error('not an object');
  const stored = (raw as { settings?: unknown }).settings;
  if (typeof stored !== 'object' || stored === null) throw new Error('no settings');
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of KEYS) {
    const value = (stored as Record<string, unknown>)[key];
    // One bad value costs only that setting.
    if (isValidSetting(key, value)) settings[key] = value;
  }
  return settings as unknown as Settings;
}

function pick(changes: Partial<Settings>, keys: ReadonlyArray<keyof Settings>): Partial<Settings> {
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = changes[k];
  return out as Partial<Settings>;
}
