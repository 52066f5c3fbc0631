// Signing in, and every way it can go wrong, as the user sees it: a wrong password, a
// server that is not there, a new account, a session that expired, and the same session
// taken over by another Parley.
import { cpSync } from 'node:fs';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { openParley } from '../support/browser';
import { savedSecret } from '../support/parley';
import { freePort, startServer, startWebHost, tempDir, type Running } from '../support/processes';

let server: Running;
const hosts: Running[] = [];
const contexts: BrowserContext[] = [];

test.beforeAll(async () => {
  server = await startServer({ dataDir: tempDir('server'), port: await freePort() });
});

test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  await Promise.all(hosts.splice(0).map((h) => h.stop()));
});

test.afterAll(async () => {
  await server?.stop();
});

async function openFreshParley(dataDir = tempDir('host')): Promise<{ page: Page; host: Running; dataDir: string }> {
  const host = await startWebHost({ dataDir, port: await freePort(), serverUrl: server.url });
  hosts.push(host);
  const context = await openParley(tempDir('profile'), new URL(host.url).origin);
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(host.url);
  await expect(page.getByTestId('signin-form')).toBeVisible();
  return { page, host, dataDir };
}

async function fillSignIn(page: Page, username: string, password: string) {
  await page.getByTestId('signin-username').fill(username);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-submit').click();
}

/** The Netalo session token the browser host saved for its user (the host's own file). */
function savedSessionToken(dataDir: string): string {
  return savedSecret(dataDir, 'netalo');
}

test('a wrong password says so and keeps the user on the sign-in screen', async () => {
  const { page } = await openFreshParley();
  await fillSignIn(page, 'alice', 'not-her-password');
  await expect(page.getByTestId('signin-error')).toHaveText(/password/i);
  await expect(page.getByTestId('chat-screen')).toBeHidden();
});

test('an unreachable server is named as such', async () => {
  const { page } = await openFreshParley();
  const closedPort = await freePort();
  await page.getByTestId('signin-server').fill(`http://127.0.0.1:${closedPort}`);
  await fillSignIn(page, 'alice', 'alice-parley');
  await expect(page.getByTestId('signin-error')).toHaveText(/reach|connect/i);
});

test('a new account can sign up and lands in an empty inbox', async () => {
  const { page } = await openFreshParley();
  await page.getByTestId('signin-toggle-mode').click();
  await page.getByTestId('signin-displayname').fill('Dana Reyes');
  await fillSignIn(page, 'dana', 'dana-parley-1');
  await expect(page.getByTestId('chat-screen')).toBeVisible();
  await expect(page.getByTestId('account-name')).toHaveText(/Dana Reyes/);
  await expect(page.getByTestId('conversation-item')).toHaveCount(0);
});

test('an expired session sends the user back to sign-in with that message', async () => {
  const { page, dataDir } = await openFreshParley();
  await fillSignIn(page, 'carol', 'carol-parley');
  await expect(page.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'online');

  // The server revokes the session; the next connection is refused with login result 2.
  const res = await fetch(`${server.url}/api/v1/signout`, { method: 'POST', headers: { Session: savedSessionToken(dataDir) } });
  expect(res.ok).toBe(true);
  const port = new URL(server.url).port;
  const serverDir = server.process.spawnargs[server.process.spawnargs.indexOf('--data') + 1]!;
  await server.stop();
  server = await startServer({ dataDir: serverDir, port: Number(port) });

  await expect(page.getByTestId('signin-form')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('signin-error')).toHaveText(/expired/i);
});

test('the same session opened by another Parley signs this one out, saying why', async () => {
  const first = await openFreshParley();
  await fillSignIn(first.page, 'bob', 'bob-parley');
  await expect(first.page.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'online');

  // A second Parley starts with a copy of the first one's saved session.
  const copy = tempDir('copied-host');
  cpSync(first.dataDir, copy, { recursive: true });
  const second = await startWebHost({ dataDir: copy, port: await freePort(), serverUrl: server.url });
  hosts.push(second);

  await expect(first.page.getByTestId('signin-form')).toBeVisible({ timeout: 30_000 });
  await expect(first.page.getByTestId('signin-error')).toHaveText(/elsewhere|another/i);
});
