// parley:// links: the strict parser (anything can hand the OS such a link: a web page, a
// message), and how a link reaches the app on each system, played by a fake Electron `app`
// (FakeDeepLinkApp: it records the protocol registration and lets a test emit open-url and
// second-instance, before or after ready).

import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { accountKey } from '../../../contract/domain';
import { createMemoryLogger } from '../../core/logger';
import { deepLinkFor, installDeepLinks, parseDeepLink, type DeepLink, type DeepLinkApp } from '../deep-links';

const ACCOUNT = accountKey('netalo', 'http://127.0.0.1:7450', '42');
const GOOD = `parley://conversation/${encodeURIComponent(ACCOUNT)}/c-17`;

describe('parseDeepLink', () => {
  it('reads the account and conversation of a link Parley wrote', () => {
    expect(parseDeepLink(GOOD)).toEqual({ accountId: ACCOUNT, conversationId: 'c-17' });
    const link = { accountId: accountKey('talker', 'https://chat.example.com/', 'u@x'), conversationId: 'dm:1|2' };
    expect(parseDeepLink(deepLinkFor(link))).toEqual(link);
    expect(parseDeepLink(GOOD + '/')).toEqual({ accountId: ACCOUNT, conversationId: 'c-17' });
  });

  const hostile: Array<[string, unknown]> = [
    ['not a string', 42],
    ['empty', ''],
    ['another scheme', GOOD.replace('parley:', 'http:')],
    ['javascript:', `javascript:alert(1)//conversation/${encodeURIComponent(ACCOUNT)}/c`],
    ['upper-case scheme', GOOD.replace('parley:', 'PARLEY:')],
    ['another host', GOOD.replace('//conversation/', '//settings/')],
    ['a user in the authority', GOOD.replace('//conversation/', '//evil@conversation/')],
    ['a port', GOOD.replace('//conversation/', '//conversation:80/')],
    ['a query', GOOD + '?x=1'],
    ['a fragment', GOOD + '#x'],
    ['a third segment', GOOD + '/extra'],
    ['only an account', `parley://conversation/${encodeURIComponent(ACCOUNT)}`],
    ['dot segments', `parley://conversation/${encodeURIComponent(ACCOUNT)}/../../etc/passwd`],
    ['an encoded slash', `parley://conversation/${encodeURIComponent(ACCOUNT)}/a%2Fb`],
    ['an encoded backslash', `parley://conversation/${encodeURIComponent(ACCOUNT)}/a%5Cb`],
    ['an encoded NUL', `parley://conversation/${encodeURIComponent(ACCOUNT)}/a%00b`],
    ['an encoded newline', `parley://conversation/${encodeURIComponent(ACCOUNT)}/a%0Ab`],
    ['a raw space', `parley://conversation/${encodeURIComponent(ACCOUNT)}/a b`],
    ['a raw tab', `parley://conversation/${encodeURIComponent(ACCOUNT)}/a\tb`],
    ['a backslash', `parley:\\\\conversation\\${encodeURIComponent(ACCOUNT)}\\c`],
    ['broken percent-encoding', `parley://conversation/${encodeURIComponent(ACCOUNT)}/%E0%A4%A`],
    ['an unknown protocol', `parley://conversation/${encodeURIComponent('gopher|http://x|1')}/c`],
    ['a file: server', `parley://conversation/${encodeURIComponent('netalo|file:///etc|1')}/c`],
    ['a server with credentials', `parley://conversation/${encodeURIComponent('netalo|http://u:p@x|1')}/c`],
    ['an account without a user', `parley://conversation/${encodeURIComponent('netalo|http://x')}/c`],
    ['an id with markup', `parley://conversation/${encodeURIComponent(ACCOUNT)}/${encodeURIComponent('<img src=x>')}`],
    ['an id too long', `parley://conversation/${encodeURIComponent(ACCOUNT)}/${'a'.repeat(129)}`],
    ['a link too long', `parley://conversation/${encodeURIComponent(ACCOUNT)}/${'a'.repeat(2100)}`],
    ['a bidi override', `parley://conversation/${encodeURIComponent(ACCOUNT)}/${encodeURIComponent('c\u202e1')}`],
    ['a C1 control', `parley://conversation/${encodeURIComponent(ACCOUNT)}/c\u0085`],
  ];
  it.each(hostile)('refuses %s', (_what, raw) => {
    expect(parseDeepLink(raw)).toBeNull();
  });
});

/** A FAKE of the parts of Electron's `app` that deep links use: not Electron. */
class FakeDeepLinkApp extends EventEmitter {
  ready = false;
  private readyWaiters: Array<() => void> = [];
  readonly setAsDefaultProtocolClient = vi.fn((_scheme: string, _path?: string, _args?: string[]) => true);
  readonly isDefaultProtocolClient = vi.fn(() => true);
  isReady(): boolean {
    return this.ready;
  }
  whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }
  /** Plays Electron's 'ready'. */
  becomeReady(): void {
    this.ready = true;
    for (const resolve of this.readyWaiters.splice(0)) resolve();
  }
  /** Plays macOS handing us a link; true when the app took it (preventDefault). */
  openUrl(url: string): boolean {
    let taken = false;
    this.emit('open-url', { preventDefault: () => (taken = true) }, url);
    return taken;
  }
  /** Plays a second Parley started by Windows or Linux, which quit and passed its argv here. */
  secondInstance(argv: string[]): void {
    this.emit('second-instance', { preventDefault: () => undefined }, argv, '/', {});
  }
}

function setUp(argv: string[] = ['/opt/Parley/parley'], ready = true) {
  const app = new FakeDeepLinkApp();
  app.ready = ready;
  const opened: DeepLink[] = [];
  const log = createMemoryLogger();
  installDeepLinks({ app: app as unknown as DeepLinkApp, argv, open: (l) => opened.push(l), log });
  return { app, opened, log };
}

describe('installDeepLinks', () => {
  it('registers Parley as the parley:// handler (with the app folder in development)', () => {
    const { app } = setUp();
    expect(app.setAsDefaultProtocolClient).toHaveBeenCalledWith('parley');
    const dev = new FakeDeepLinkApp();
    installDeepLinks({
      app: dev as unknown as DeepLinkApp,
      argv: [],
      open: () => undefined,
      log: createMemoryLogger(),
      defaultApp: { execPath: '/x/electron', appPath: '/work/parley' },
    });
    expect(dev.setAsDefaultProtocolClient).toHaveBeenCalledWith('parley', '/x/electron', ['/work/parley']);
  });

  it('Windows / Linux: opens the link a second launch passed through the single-instance lock', () => {
    const { app, opened } = setUp();
    app.secondInstance(['C:\\Parley\\Parley.exe', '--allow-file-access-from-files', GOOD]);
    expect(opened).toEqual([{ accountId: ACCOUNT, conversationId: 'c-17' }]);
    // A plain second launch (no link) opens nothing here: main.ts only brings the window forward.
    app.secondInstance(['C:\\Parley\\Parley.exe']);
    expect(opened).toHaveLength(1);
  });

  it('Windows / Linux: opens the link the first launch was started with, once the app is ready', async () => {
    const { app, opened } = setUp(['/opt/Parley/parley', GOOD], false);
    expect(opened).toEqual([]);
    app.becomeReady();
    await vi.waitFor(() => expect(opened).toEqual([{ accountId: ACCOUNT, conversationId: 'c-17' }]));
  });

  it('macOS: takes open-url, also before ready (the link that launched the app), and opens it once ready', async () => {
    const { app, opened } = setUp([], false);
    expect(app.openUrl(GOOD)).toBe(true);
    expect(opened).toEqual([]);
    app.becomeReady();
    await vi.waitFor(() => expect(opened).toHaveLength(1));
    app.openUrl(deepLinkFor({ accountId: ACCOUNT, conversationId: 'c-18' }));
    expect(opened.at(-1)).toEqual({ accountId: ACCOUNT, conversationId: 'c-18' });
  });

  it('drops a hostile link on every path, logging its length only', () => {
    const { app, opened, log } = setUp(['/opt/Parley/parley', 'parley://conversation/x/../../y?token=SECRET']);
    app.openUrl('parley://conversation/%00/SECRET2');
    app.secondInstance(['parley', 'parley://settings/SECRET3']);
    expect(opened).toEqual([]);
    const logged = log.lines.join('\n');
    expect(logged.match(/ignored a malformed parley:\/\/ link/g)).toHaveLength(3);
    expect(logged).not.toMatch(/SECRET/);
  });
});
