// Shared steps of the typing, presence and receipt specs: a server, one browser host per
// signed-in Parley user, and scripted Netalo users (a plain socket.io client, no Parley
// code) that connect, type, read and leave exactly when a spec says so.
import { expect, type BrowserContext, type Page } from '@playwright/test';
import type { Socket } from 'socket.io-client';
import { openParley } from '../support/browser';
import { netaloSignIn } from '../support/plain-sockets';
import { signInAccount } from '../support/parley';
import { freePort, startServer, startWebHost, tempDir, type Running } from '../support/processes';

export const PASSWORDS: Record<string, string> = { alice: 'alice-parley', bob: 'bob-parley', carol: 'carol-parley' };
export const NAMES: Record<string, string> = { alice: 'Alice Martin', bob: 'Bob Okafor', carol: 'Carol Nguyen' };

export class Stage {
  private readonly cleanups: Array<() => Promise<unknown>> = [];
  server!: Running;

  async start(): Promise<void> {
    this.server = await startServer({ dataDir: tempDir('server'), port: await freePort() });
    this.cleanups.push(() => this.server.stop());
  }

  /** A browser host of its own for `username` (its own main, its own server session), signed in on Netalo. */
  async parley(username: string): Promise<{ page: Page; context: BrowserContext; host: Running }> {
    const host = await startWebHost({ dataDir: tempDir('host'), port: await freePort(), serverUrl: this.server.url });
    this.cleanups.push(() => host.stop());
    const context = await openParley(tempDir('profile'), new URL(host.url).origin);
    this.cleanups.push(() => context.close());
    const page = await context.newPage();
    await page.goto(host.url);
    await signInAccount(page, { protocol: 'netalo', username, password: PASSWORDS[username]! });
    return { page, context, host };
  }

  /** A scripted Netalo user, connected until `close` (or the end of the test). */
  async scripted(username: string): Promise<ScriptedUser> {
    const user = await ScriptedUser.connect(this.server.url, username);
    this.cleanups.push(() => user.close());
    return user;
  }

  async stop(): Promise<void> {
    for (const c of this.cleanups.splice(0).reverse()) await c().catch(() => {});
  }
}

export class ScriptedUser {
  private constructor(
    readonly uin: string,
    private readonly socket: Socket,
  ) {}

  static async connect(serverUrl: string, username: string): Promise<ScriptedUser> {
    const { socket, uin } = await netaloSignIn(serverUrl, username, PASSWORDS[username]!);
    return new ScriptedUser(uin, socket);
  }

  async ask(event: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    const answer = (await this.socket.timeout(10_000).emitWithAck(event, payload)) as Record<string, unknown>;
    if (answer.result !== 0) throw new Error(`${event} answered ${JSON.stringify(answer)}`);
    return answer;
  }

  send(groupId: string, text: string): Promise<Record<string, unknown>> {
    return this.ask('create_message', { group_id: groupId, type: 1, message: text, nonce: `script-${Date.now()}-${Math.random()}` });
  }

  /** "Start typing" (event type 8), and never the stop unless `stopTyping` is called. */
  startTyping(groupId: string): Promise<Record<string, unknown>> {
    return this.ask('event', { type: 8, group_id: groupId });
  }

  /** Marks the message seen (status 3), as a real client does when its user reads it. */
  markSeen(groupId: string, messageId: string): Promise<Record<string, unknown>> {
    return this.ask('update_message', { group_id: groupId, message_id: messageId, status: 3, message: '' });
  }

  async close(): Promise<void> {
    if (this.socket.disconnected) return;
    await new Promise<void>((resolve) => {
      this.socket.once('disconnect', () => resolve());
      this.socket.close();
    });
  }
}

/** The open conversation's server ID. */
export async function openConversationId(page: Page): Promise<string> {
  const id = await page.getByTestId('conversation-view').getAttribute('data-conversation-id');
  expect(id).toBeTruthy();
  return id!;
}

/** The conversation's row in the list. */
export function row(page: Page, conversationId: string) {
  return page.locator(`[data-testid="conversation-item"][data-conversation-id="${conversationId}"]`);
}

export function header(page: Page) {
  return page.getByTestId('conversation-header-subtitle');
}
