// Debian's Chromium driven by Playwright. A persistent context per user keeps IndexedDB
// (Parley's offline cache) on disk, so "closing and reopening Parley" is real.
import { chromium, type BrowserContext } from '@playwright/test';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // For the calls to come: peers on one machine, fake camera and microphone.
  '--allow-loopback-in-peer-connection',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

export function chromiumPath(): string {
  const path = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';
  return path;
}

export async function openParley(userDataDir: string, origin: string): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
  });
  await context.grantPermissions(['notifications'], { origin });
  return context;
}
