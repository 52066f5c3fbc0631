// `npm start` (scripts/run.mjs) as a person sees it in the terminal: the first start says
// each thing once; a second start while it runs prints the running Parley's link in one line
// and leaves; a port held by another program is one line that says what to do. No
// EADDRINUSE stack trace anywhere. Runs on the dist/ the suite built (PARLEY_SKIP_BUILD),
// against a reference server of its own (PARLEY_SERVER_URL), in a temp data folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { freePort, startServer, tempDir } from '../support/processes';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Started {
  child: ChildProcess;
  out: string[];
  err: string[];
  exited: Promise<number | null>;
}

function npmStart(env: Record<string, string>): Started {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PARLEY_SKIP_BUILD: '1', ...env };
  // No desktop: nothing to open, the link is printed.
  delete childEnv.DISPLAY;
  delete childEnv.WAYLAND_DISPLAY;
  delete childEnv.PARLEY_LOG_LEVEL;
  const child = spawn(process.execPath, [join(root, 'scripts', 'run.mjs')], { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  const err: string[] = [];
  child.stdout!.on('data', (c: Buffer) => out.push(c.toString()));
  child.stderr!.on('data', (c: Buffer) => err.push(c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out, err, exited };
}

/** Resolves once the process printed a line matching `pattern` (stdout), with everything printed so far. */
function printed(p: Started, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const text = p.out.join('');
      if (pattern.test(text)) {
        p.child.stdout!.off('data', check);
        resolve(text);
      }
    };
    p.child.stdout!.on('data', check);
    p.child.once('exit', () => reject(new Error(`exited before printing ${pattern}:\n${p.out.join('')}${p.err.join('')}`)));
    check();
  });
}

test('a second npm start reuses the running Parley in one line; a busy port is one line; the first start says each thing once', async () => {
  const server = await startServer({ dataDir: tempDir('start-server') });
  const port = await freePort();
  const dataDir = tempDir('start-data');
  const env = { PARLEY_SERVER_URL: server.url, PARLEY_WEBHOST_PORT: String(port), PARLEY_DATA_DIR: dataDir };
  const first = npmStart(env);
  try {
    const greeting = await printed(first, /Ctrl\+C stops Parley/);
    const link = /http:\/\/127\.0\.0\.1:\d+\/#k=[0-9a-f]{64}/.exec(greeting)?.[0];
    expect(link).toBeTruthy();
    // Each thing once, for people: the link once, no machine lines, no info logs, no stack.
    expect(greeting.split(link!).length - 1).toBe(1);
    expect(greeting).not.toMatch(/PARLEY_(SERVER|WEBHOST)_READY|INFO \[|listening/);
    expect(greeting).toContain('[parley] no Electron binary here: Parley runs in the browser host');
    expect(existsSync(join(dataDir, 'webhost', 'host.json'))).toBe(true);

    const second = npmStart(env);
    expect(await second.exited).toBe(0);
    const lines = second.out.join('').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[parley\] Parley is already running \(process \d+\)\. Its link: /);
    expect(lines[0]!.endsWith(link!)).toBe(true);
    expect(second.err.join('')).toBe('');
    await test.info().attach('second-start.txt', { body: `$ npm start   (first)\n${greeting}\n$ npm start   (second)\n${second.out.join('')}`, contentType: 'text/plain' });
  } finally {
    first.child.kill('SIGINT');
    await first.exited;
  }
  // Stopped: the running-host file goes with it, so the next start is a real start.
  expect(existsSync(join(dataDir, 'webhost', 'host.json'))).toBe(false);

  // A port another program holds: one line saying so, not a stack trace.
  const blocker = createServer();
  const busyPort = await freePort();
  await new Promise<void>((resolve) => blocker.listen(busyPort, '127.0.0.1', resolve));
  try {
    const blocked = npmStart({ ...env, PARLEY_WEBHOST_PORT: String(busyPort), PARLEY_DATA_DIR: tempDir('start-busy') });
    const code = await blocked.exited;
    expect(code).not.toBe(0);
    const err = blocked.err.join('');
    expect(err.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^Port ${busyPort} is in use by another program`))]);
    const all = blocked.out.join('') + err;
    expect(all).not.toMatch(/EADDRINUSE|\n\s+at /);
  } finally {
    blocker.close();
    await server.stop();
  }
});
