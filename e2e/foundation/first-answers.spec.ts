// A first start in a new browser profile: the page opens the host connection while it is
// still loading (public/early-socket.js, before the entry script runs) and the host pushes
// the start's first answers on it (the session and the first page of conversations,
// main/webhost/first-answers.ts). The bridge then takes that socket over and the list's
// rows come from the pushed answers: no second socket, and no round trip for either question.
import { expect, test, type Route, type WebSocket } from '@playwright/test';
import { openParley } from '../support/browser';
import { openDirect, send, signInAccount } from '../support/parley';
import { freePort, startServer, startWebHost, tempDir } from '../support/processes';

const ENTRY = /\/assets\/index-[^/]*\.js$/;

test('a new profile’s first start gets the session and the list pushed on a socket opened before the entry runs', async () => {
  const server = await startServer({ dataDir: tempDir('parley-e2e-pushed-server-'), port: await freePort() });
  const host = await startWebHost({ dataDir: tempDir('parley-e2e-pushed-host-'), port: await freePort(), serverUrl: server.url });
  const origin = new URL(host.url).origin;
  const setup = await openParley(tempDir('parley-e2e-pushed-setup-'), origin);
  const fresh = await openParley(tempDir('parley-e2e-pushed-fresh-'), origin);
  try {
    const first = await setup.newPage();
    await first.goto(host.url);
    await signInAccount(first, { protocol: 'netalo', username: 'alice', password: 'alice-parley' });
    await openDirect(first, 'netalo', 'Bob');
    await send(first, 'hello pushed');
    await setup.close();

    // The entry script is held back: whatever reaches the page meanwhile came without it.
    const held: Route[] = [];
    let released = false;
    await fresh.route(ENTRY, (route) => (released ? route.continue() : void held.push(route)));
    const page = await fresh.newPage();
    const sockets: WebSocket[] = [];
    const received: string[] = [];
    const sent: string[] = [];
    page.on('websocket', (ws) => {
      sockets.push(ws);
      ws.on('framereceived', (f) => received.push(String(f.payload)));
      ws.on('framesent', (f) => sent.push(String(f.payload)));
    });
    // Not to 'load': that waits for the held entry script.
    await page.goto(host.url, { waitUntil: 'commit' });
    await expect.poll(() => held.length).toBe(1);
    // Pushed before the entry ran: the session, then the first page with Bob's conversation in it.
    await expect.poll(() => received.filter((f) => f.includes('"type":"pushed"')).length).toBe(2);
    expect(JSON.parse(received[0]!)).toMatchObject({ type: 'pushed', command: 'session.get', result: { ok: true } });
    expect(JSON.parse(received[1]!)).toMatchObject({ type: 'pushed', command: 'conversations.list', args: { limit: 50 }, result: { ok: true } });
    expect(received[1]).toContain('hello pushed');
    expect(sockets.map((s) => new URL(s.url()).searchParams.get('first'))).toEqual(['50']);

    released = true;
    await Promise.all(held.map((route) => route.continue()));
    await expect(page.getByTestId('chat-screen')).toBeVisible();
    const bob = page.getByTestId('conversation-item').filter({ has: page.getByText('Bob Okafor') });
    await expect(bob.getByTestId('conversation-preview')).toHaveText('You: hello pushed');
    await expect(page.locator('html')).toHaveAttribute('data-parley-ready', 'live');
    // One socket, the early one, and neither question asked on it.
    expect(sockets).toHaveLength(1);
    const asked = sent.map((f) => (JSON.parse(f) as { command?: string }).command);
    expect(asked).not.toContain('session.get');
    expect(asked).not.toContain('conversations.list');
  } finally {
    await fresh.close();
    await host.stop();
    await server.stop();
  }
});
