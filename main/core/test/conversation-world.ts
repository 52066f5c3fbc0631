// A small world for the conversation integration tests: the reference server as a child
// process (IDs above 2^53), Parley cores signed in to it (optionally through a TCP proxy),
// and other people as plain socket.io clients. Everything awaits an event or an answer.

import type { Socket } from 'socket.io-client';
import type { AccountStatus } from '../../../contract/domain';
import type { ParleyEvent } from '../../../contract/events';
import { nextEvent, openSocket, request, signUp, type TestUser } from '../../../server/test/support';
import { netaloFactory } from '../../protocols/netalo/factory';
import { isOnline, startCore, type CoreUnderTest } from './core-harness';
import { freePort, startServerProcess, type ServerProcess } from './server-process';

export interface Person extends TestUser {
  socket: Socket;
  /** Resolves with the next push named `event` that satisfies `match` (subscribe before acting). */
  next(event: string, match?: (payload: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  ask(event: string, payload: Record<string, unknown>): Promise<Record<string, unknown>>;
}

export interface Parley {
  core: CoreUnderTest;
  accountId: string;
  dataDir: string;
}

export async function serverWorld(bundle: string, dataDir: string, cleanups: Array<() => unknown>) {
  const port = await freePort();
  const server: ServerProcess = await startServerProcess(bundle, { dataDir, port });
  cleanups.push(() => server.kill());
  return { url: server.url, port };
}

/** A signed-in plain socket for `user` (a new person, or another session of an existing one). */
export async function person(url: string, cleanups: Array<() => unknown>, user?: TestUser): Promise<Person> {
  const who = user ?? (await signUp(url));
  const socket = openSocket(url, who.session);
  cleanups.push(() => socket.disconnect());
  const login = await nextEvent(socket, 'login');
  if (login.result !== 0) throw new Error('could not log in');
  return {
    ...who,
    socket,
    next: (event, match = () => true) => nextEvent(socket, event, match),
    ask: (event, payload) => ask(socket, event, payload),
  };
}

export async function ask(socket: Socket, event: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
  const answer = await request(socket, event, payload);
  if (answer.result !== 0) throw new Error(`${event}: ${JSON.stringify(answer)}`);
  return answer;
}

/** Parley signed in as `user` on `serverUrl` (the server or a proxy before it), online. */
export async function parleyAs(serverUrl: string, user: TestUser, dataDir: string, cleanups: Array<() => unknown>): Promise<Parley> {
  const core = await startCore(dataDir, [netaloFactory]);
  cleanups.push(() => core.stop());
  const status = await core.call<AccountStatus>('session.signIn', { protocol: 'netalo', serverUrl, username: user.username, password: 'correct horse' });
  const accountId = status.account.id;
  await core.waitFor(isOnline(accountId));
  return { core, accountId, dataDir };
}

/** Parley again on the data a previous run left (a restart), online. */
export async function reopen(previous: Parley, cleanups: Array<() => unknown>): Promise<Parley> {
  const core = await startCore(previous.dataDir, [netaloFactory]);
  cleanups.push(() => core.stop());
  await core.waitFor(isOnline(previous.accountId));
  return { ...previous, core };
}

/** From now on: resolves at the first matching event after this call. */
export function after(core: CoreUnderTest, test: (e: ParleyEvent) => boolean): Promise<ParleyEvent> {
  const from = core.seen.length;
  return core.waitUntil((all) => all.slice(from).some(test)).then(() => core.seen.slice(from).find(test)!);
}

export const messageWithId = (id: unknown) => (e: ParleyEvent) => e.name === 'message.upserted' && e.payload.message.id === id;
