// kill -9 after an ack loses nothing: the built server runs as a child process, acks a
// message, is SIGKILLed (no shutdown code runs), and a new process on the same data
// directory still lists the message.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { nextEvent, openSocket, postJson, request, signUp, type TestUser } from './support';

const root = resolve(__dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'parley-durability-test-'));
const children: ChildProcess[] = [];
const sockets: Socket[] = [];

beforeAll(async () => {
  await promisify(execFile)(process.execPath, ['scripts/build.mjs', '--only', 'server'], { cwd: root });
}, 60_000);

afterAll(() => {
  for (const socket of sockets) socket.disconnect();
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts dist/server/index.js and resolves with its URL once it prints the ready line. */
function startChild(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['dist/server/index.js', '--port', '0', '--data', dataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PARLEY_LOG_LEVEL: 'warn' },
  });
  children.push(child);
  return new Promise((resolvePromise, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`server exited early (${code}): ${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^PARLEY_SERVER_READY (\{.*\})$/.exec(line);
      if (match) resolvePromise({ child, url: (JSON.parse(match[1] as string) as { url: string }).url });
    });
  });
}

async function signedIn(url: string, user: TestUser): Promise<Socket> {
  const socket = openSocket(url, user.session);
  sockets.push(socket);
  const login = await nextEvent(socket, 'login');
  expect(login.result).toBe(0);
  return socket;
}

describe('durability', () => {
  it('keeps an acknowledged message through kill -9', async () => {
    const first = await startChild();
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const a = await signUp(first.url);
    const b = await signUp(first.url);
    const socket = await signedIn(first.url, a);
    const created = await request(socket, 'create_group', { type: 1, occupants_uins: [b.uin] });
    const groupId = (created.group as Record<string, unknown>).group_id as string;
    const ack = await request(socket, 'create_message', { group_id: groupId, message: 'survives kill -9', nonce: 'k9' });
    expect(ack.result).toBe(0);

    const exited = new Promise((r) => first.child.once('exit', (_code, signal) => r(signal)));
    first.child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const second = await startChild();
    const again = await postJson(`${second.url}/api/v1/signin`, { username: b.username, password: 'correct horse' });
    expect(again.status).toBe(200);
    const bSocket = await signedIn(second.url, { ...b, session: again.body.session as string });
    const listed = await request(bSocket, 'list_message', { group_id: groupId });
    expect(listed.result).toBe(0);
    expect(listed.messages).toEqual([ack.message]);

    // And the first process's session survived too.
    const aAgain = await signedIn(second.url, a);
    expect(((await request(aAgain, 'list_group', {})).groups as unknown[]).length).toBe(1);
    second.child.kill('SIGTERM');
    expect(await new Promise((r) => second.child.once('exit', (code) => r(code)))).toBe(0);
  });
});
