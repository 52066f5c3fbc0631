// The world the group specs run in: the real reference server (on disk, IDs above 2^53),
// one browser host and one Chromium profile per Parley user, each signed in and online.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { repoRoot } from '../../scripts/support.mjs';
import { openParley } from '../support/browser';
import { freePort, startServer, startWebHost, tempDir, type Running } from '../support/processes';

export const PASSWORDS: Record<string, string> = { alice: 'alice-parley', bob: 'bob-parley', carol: 'carol-parley' };

export interface World {
  serverUrl: string;
  /** Parley for `username`, signed in: a page in its own browser host. */
  parley(username: string): Promise<Page>;
  close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const server: Running = await startServer({ dataDir: tempDir('server') });
  const hosts: Running[] = [];
  const contexts: BrowserContext[] = [];
  return {
    serverUrl: server.url,
    async parley(username) {
      const host = await startWebHost({ dataDir: tempDir(`${username}-host`), port: await freePort(), serverUrl: server.url });
      hosts.push(host);
      const context = await openParley(tempDir(`${username}-profile`), new URL(host.url).origin);
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(host.url);
      await page.getByTestId('signin-username').fill(username);
      await page.getByTestId('signin-password').fill(PASSWORDS[username]!);
      await page.getByTestId('signin-submit').click();
      await expect(page.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'online');
      await expect(page.locator('html')).toHaveAttribute('data-parley-ready', 'live');
      return page;
    },
    async close() {
      for (const c of contexts) await c.close();
      for (const h of hosts) await h.stop();
      await server.stop();
    },
  };
}

/** A row of the conversation list by its title. */
export function row(page: Page, title: string | RegExp) {
  return page.getByTestId('conversation-item').filter({ has: page.getByTestId('conversation-title').filter({ hasText: title }) });
}

/** A system line of the open conversation by its words. */
export function systemLine(page: Page, text: string | RegExp) {
  return page.getByTestId('system-line').filter({ hasText: text });
}

/** Confirms the open confirmation dialog. */
export async function confirm(page: Page): Promise<void> {
  await page.getByTestId('confirm-accept').click();
  await expect(page.getByTestId('confirm-dialog')).toBeHidden();
}

/**
 * A group picture on 127.0.0.1 (the chat server's host, so main may fetch it over http): the
 * tray icon the build draws, a real 32 px PNG.
 */
export async function servePicture(): Promise<{ url: string; close(): Promise<void> }> {
  const png = await readFile(join(repoRoot, 'dist/electron/tray/tray-unread@2x.png'));
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(png));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/group.png`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
