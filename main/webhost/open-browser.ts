// Opening things on the user's desktop from the browser host: the app itself in the system
// Chromium (--open), and links the user clicked (links.openExternal) in the default browser.
// On a machine with no display there is nothing to open: the address is printed instead.

import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export function hasDesktop(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

export function findOnPath(names: readonly string[], env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

/** Starts a program that outlives nothing of ours and whose output we do not want. */
function launch(command: string, args: string[]): boolean {
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined); // a missing program is reported by the caller's fallback text
    child.unref();
    return true;
  } catch {
    return false;
  }
}

/** The app in Chromium's app mode (its own window, no tabs); the default browser elsewhere. */
export function openAppWindow(url: string): boolean {
  if (!hasDesktop()) return false;
  if (process.platform === 'darwin') return launch('open', [url]);
  if (process.platform === 'win32') return launch('rundll32', ['url.dll,FileProtocolHandler', url]);
  const chromium = findOnPath(CHROMIUM_NAMES);
  if (chromium) return launch(chromium, [`--app=${url}`]);
  const xdgOpen = findOnPath(['xdg-open']);
  return xdgOpen ? launch(xdgOpen, [url]) : false;
}

/** A link from a message (already checked to be http or https by the core). */
export function openLink(url: string): boolean {
  if (!hasDesktop()) return false;
  if (process.platform === 'darwin') return launch('open', [url]);
  if (process.platform === 'win32') return launch('rundll32', ['url.dll,FileProtocolHandler', url]);
  const xdgOpen = findOnPath(['xdg-open']);
  return xdgOpen ? launch(xdgOpen, [url]) : false;
}
