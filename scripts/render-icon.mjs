// Renders the app icon's source drawing (assets/icon.svg) to assets/icon.png at 1024 px, the
// one image electron-builder needs: it makes the Windows .ico (up to 256 px) and the macOS
// .icns (up to 512@2x = 1024 px) from it at packaging time, and the Linux packages take the
// PNG, so no .ico or .icns is committed. Run by hand after changing the drawing:
//   node scripts/render-icon.mjs        (uses the system Chromium, as the tests do)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { findChromium, repoRoot } from './support.mjs';

const SIZE = 1024;
const svg = readFileSync(join(repoRoot, 'assets', 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: findChromium() ?? undefined, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
  const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  await page.setContent(`<html><body style="margin:0;background:transparent"><img src="${src}" width="${SIZE}" height="${SIZE}"></body></html>`);
  await page.locator('img').evaluate((img) => img.decode());
  await page.screenshot({ path: join(repoRoot, 'assets', 'icon.png'), omitBackground: true, clip: { x: 0, y: 0, width: SIZE, height: SIZE } });
  console.log(`[parley] assets/icon.png: ${SIZE} x ${SIZE}`);
} finally {
  await browser.close();
}
