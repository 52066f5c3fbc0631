// Helpers for the tests of groups, requests, receipts, typing, presence and visibility:
// users who have (or have not) talked before, a second device, pushes collected per socket,
// and a way to know every push sent so far has arrived (a round trip on that socket).

import type { Socket } from 'socket.io-client';
import { expect } from 'vitest';
import { directGroup, online, postJson, request, send, signUp, type TestServer, type TestUser } from './support';

export type Wire = Record<string, unknown>;

export interface OnlineUser extends TestUser {
  socket: Socket;
}

export async function onlineUser(server: TestServer, displayName?: string): Promise<OnlineUser> {
  const user = await signUp(server.url, displayName === undefined ? {} : { displayName });
  return { ...user, socket: await online(server, user) };
}

/** Another device of the same user: a second session (the same session twice would be a login-7 takeover). */
export async function secondDevice(server: TestServer, user: TestUser): Promise<Socket> {
  const signIn = await postJson(`${server.url}/api/v1/signin`, { username: user.username, password: 'correct horse' });
  if (signIn.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(signIn.body)}`);
  return online(server, { ...user, session: signIn.body.session as string });
}

/** `a` and `b` have talked before: their 1:1 conversation, with a message each (both accepted). */
export async function acquaint(a: OnlineUser, b: OnlineUser): Promise<string> {
  const groupId = (await directGroup(a.socket, b.uin)).group_id as string;
  await send(a.socket, groupId, `hello ${b.username}`);
  await send(b.socket, groupId, `hello ${a.username}`);
  return groupId;
}

/** create_group, the ack's group (fails the test otherwise). */
export async function createGroup(socket: Socket, req: { name?: string; type?: number; members: string[] }): Promise<Wire> {
  const answer = await request(socket, 'create_group', { name: req.name ?? 'A group', type: req.type ?? 2, occupants_uins: req.members });
  if (answer.result !== 0) throw new Error(`create_group failed: ${JSON.stringify(answer)}`);
  return answer.group as Wire;
}

/** Every `event` the socket receives from now on, in order. */
export function collect(socket: Socket, event: string): Wire[] {
  const seen: Wire[] = [];
  socket.on(event, (data: Wire) => seen.push(data));
  return seen;
}

/** Every event of any name the socket receives from now on, as [name, data], in order. */
export function collectAll(socket: Socket): Array<[string, Wire]> {
  const seen: Array<[string, Wire]> = [];
  socket.onAny((event: string, data: Wire) => seen.push([event, data]));
  return seen;
}

/**
 * Resolves once every push the server sent this socket before now has arrived: the server
 * answers a socket's requests in order, after anything it emitted to it earlier.
 */
export async function settled(socket: Socket): Promise<void> {
  const answer = await request(socket, 'list_group', { psize: 1 });
  if (answer.result !== 0) throw new Error(`list_group failed: ${JSON.stringify(answer)}`);
}

/** The group as this user's list_group shows it, or undefined when it is not listed. */
export async function listed(socket: Socket, groupId: string): Promise<Wire | undefined> {
  const answer = await request(socket, 'list_group', { psize: 100 });
  return (answer.groups as Wire[]).find((g) => g.group_id === groupId);
}

/** The parsed system event of a type-10 message. */
export function systemOf(message: Wire): { action: string; actor: string; uins: string[]; name?: string } {
  expect(message.type).toBe(10);
  const parsed = JSON.parse(message.attachments as string) as { system: { action: string; actor: string; uins: string[]; name?: string } };
  expect(message.attactments).toBe(message.attachments);
  return parsed.system;
}

/** The group's messages, newest first, as the user's list_message shows them. */
export async function history(socket: Socket, groupId: string): Promise<Wire[]> {
  const answer = await request(socket, 'list_message', { group_id: groupId, psize: 100 });
  if (answer.result !== 0) throw new Error(`list_message failed: ${JSON.stringify(answer)}`);
  return answer.messages as Wire[];
}
