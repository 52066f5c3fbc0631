// The screens with the protocols of issue 12 (Haraj, Mingdao, AZStack), rendered to HTML
// over a real client and store: the sign-in form asks AZStack's fields in its words, a row
// of each account is marked with its protocol, Arabic and Chinese text runs in its own
// direction, a nudge previews from my side, a protocol without history says where it is,
// and a conversation I cannot write to shows why instead of the composer.
import 'fake-indexeddb/auto';
import { renderToStaticMarkup } from 'react-dom/server';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { ClientProvider } from '../client/ClientProvider';
import type { Account, AccountStatus, Conversation, ProtocolInfo } from '../contract';
import { ALICE, CAPABILITIES, conversation, startHarness, type Harness } from '../testing/harness';
import { Composer } from './conversation/Composer';
import { HistoryElsewhere, ThreadEdge } from './conversation/ThreadEdge';
import { SignInScreen } from './signin/SignInScreen';
import { ConversationRow } from './sidebar/ConversationRow';

const account = (protocol: Account['protocol'], userId: string): Account => ({
  id: `${protocol}|http://127.0.0.1:1|${userId}`,
  protocol,
  serverUrl: 'http://127.0.0.1:1',
  userId,
  username: 'alice',
  displayName: 'Alice',
});
const HARAJ = account('haraj', '7');
const MINGDAO = account('mingdao', '8');
const AZSTACK = account('azstack', '9');
const PROTOCOLS: ProtocolInfo[] = [
  { protocol: 'netalo', label: 'Netalo', fields: ['serverUrl', 'username', 'password'], defaultServerUrl: 'http://127.0.0.1:7450', capabilities: CAPABILITIES },
  { protocol: 'haraj', label: 'Haraj', fields: ['serverUrl', 'username', 'password'], defaultServerUrl: 'http://127.0.0.1:7456', capabilities: { ...CAPABILITIES, signUp: false } },
  { protocol: 'mingdao', label: 'Mingdao', fields: ['serverUrl', 'login', 'password'], defaultServerUrl: 'http://127.0.0.1:7457', capabilities: { ...CAPABILITIES, signUp: false, history: false, nudge: true } },
  {
    protocol: 'azstack',
    label: 'AZStack',
    fields: ['serverUrl', 'appId', 'publicKey', 'username', 'password'],
    defaultServerUrl: 'http://127.0.0.1:7458',
    capabilities: { ...CAPABILITIES, signUp: false },
  },
];

async function fourAccounts(): Promise<Harness> {
  const h = await startHarness();
  const statuses: AccountStatus[] = [ALICE, HARAJ, MINGDAO, AZSTACK].map((a) => ({
    account: a,
    connection: 'online',
    capabilities: PROTOCOLS.find((p) => p.protocol === a.protocol)!.capabilities,
  }));
  h.client.store.setState({
    protocols: PROTOCOLS,
    accounts: Object.fromEntries(statuses.map((s) => [s.account.id, s])),
    accountOrder: statuses.map((s) => s.account.id),
  });
  return h;
}

function html(h: Harness, node: ReactNode): string {
  // Server rendering reads a store's *initial* state (useSyncExternalStore's server snapshot): show it the current one.
  h.client.store.getInitialState = h.client.store.getState;
  return renderToStaticMarkup(<ClientProvider client={h.client}>{node}</ClientProvider>);
}

/** The text of the element with this test id (and the element's own attributes). */
function element(markup: string, testId: string): { attributes: string; text: string } | null {
  const m = new RegExp(`<(\\w+)([^>]*data-testid="${testId}"[^>]*)>(.*?)</\\1>`, 's').exec(markup);
  return m ? { attributes: m[2]!, text: m[3]!.replace(/<[^>]+>/g, '') } : null;
}

describe('the sign-in form with AZStack chosen', () => {
  it('asks for the app ID, the app’s public key (a text area) and the user in AZStack’s words', async () => {
    const h = await fourAccounts();
    h.client.store.setState({ addingAccount: { protocol: 'azstack' } } as never);
    const markup = html(h, <SignInScreen adding />);
    expect(markup).toContain('data-testid="signin-appid"');
    expect(markup).toMatch(/<textarea[^>]*data-testid="signin-publickey"/);
    expect(markup).toContain('App public key');
    expect(markup).toContain('AZStack user ID');
    expect(markup).toContain('User credentials (optional)');
    expect(markup).not.toContain('>Username<');
    // Every protocol is offered, by its own name.
    for (const label of ['Netalo', 'Haraj', 'Mingdao', 'AZStack']) expect(markup).toContain(`<span>${label}</span>`);
  });
});

describe('the sign-in form with a prefilled AZStack app', () => {
  it('comes with the app’s ID and public key filled in (the bundled server’s demo app)', async () => {
    const h = await fourAccounts();
    const prefilled = PROTOCOLS.map((p) => (p.protocol === 'azstack' ? { ...p, prefill: { appId: 'parley-demo', publicKey: 'MIIBIjANBgkq' } } : p));
    h.client.store.setState({ protocols: prefilled, addingAccount: { protocol: 'azstack' } } as never);
    const markup = html(h, <SignInScreen adding />);
    expect(markup).toMatch(/<input[^>]*data-testid="signin-appid"[^>]*value="parley-demo"|<input[^>]*value="parley-demo"[^>]*data-testid="signin-appid"/);
    expect(markup).toMatch(/<textarea[^>]*data-testid="signin-publickey"[^>]*>MIIBIjANBgkq<\/textarea>/);
  });
});

describe('conversation rows of four accounts', () => {
  const row = (h: Harness, c: Conversation, label: string | null) =>
    html(h, <ConversationRow conversation={c} selected={false} myUserId={h.client.store.getState().accounts[c.accountId]?.account.userId} accountLabel={label} now={10_000} />);

  it('marks each row with its account, and lets Arabic and Chinese text run in its own direction', async () => {
    const h = await fourAccounts();
    const arabic = conversation('t1', 5_000, {
      accountId: HARAJ.id,
      title: 'سيارة للبيع',
      lastMessage: { senderId: '2', text: 'هل السيارة متوفرة؟', sentAt: 5_000 },
    });
    const markup = row(h, arabic, 'alice · Haraj');
    expect(element(markup, 'conversation-title')).toEqual({ attributes: expect.stringContaining('dir="auto"'), text: 'سيارة للبيع' });
    expect(element(markup, 'conversation-preview')).toEqual({ attributes: expect.stringContaining('dir="auto"'), text: 'هل السيارة متوفرة؟' });
    expect(element(markup, 'conversation-account')?.text).toBe('alice · Haraj');
    const chinese = conversation('m1', 5_000, { accountId: MINGDAO.id, title: '王小明', lastMessage: { senderId: '2', text: '明天开会吗？', sentAt: 5_000 } });
    expect(element(row(h, chinese, 'alice · Mingdao'), 'conversation-preview')?.text).toBe('明天开会吗？');
  });

  it('previews a nudge from my side, never “You: …”', async () => {
    const h = await fourAccounts();
    const nudged = conversation('m2', 5_000, { accountId: MINGDAO.id, title: 'Bob', peerId: '2', lastMessage: { senderId: '2', text: '', sentAt: 5_000, kind: 'nudge' } });
    expect(element(row(h, nudged, null), 'conversation-preview')?.text).toBe('Bob nudged you');
    const mine = { ...nudged, lastMessage: { ...nudged.lastMessage!, senderId: MINGDAO.userId } };
    expect(element(row(h, mine, null), 'conversation-preview')?.text).toBe('You nudged Bob');
  });
});

describe('a conversation on a protocol without server history', () => {
  it('says at the top where the older messages are, in place of “the beginning”', async () => {
    const h = await fourAccounts();
    const edge = html(h, <ThreadEdge history={{ older: 'none' } as never} historyElsewhere="Mingdao" onRetry={() => undefined} />);
    expect(element(edge, 'history-elsewhere')?.text).toBe('Older messages are on Mingdao’s web app.');
    expect(edge).not.toContain('beginning');
    const withHistory = html(h, <ThreadEdge history={{ older: 'none' } as never} historyElsewhere={null} onRetry={() => undefined} />);
    expect(withHistory).toContain('This is the beginning of the conversation.');
    expect(element(html(h, <HistoryElsewhere protocol="Mingdao" />), 'history-elsewhere')).not.toBeNull();
  });
});

describe('a read-only conversation', () => {
  it('shows the server’s reason where the composer would be, and no text box', async () => {
    const h = await fourAccounts();
    const c = conversation('g1', 5_000, { accountId: MINGDAO.id, kind: 'group', permissions: { send: false, reason: '你已被禁言' } });
    const markup = html(h, <Composer conversation={c} conversationRef={`${c.accountId}#g1`} />);
    expect(element(markup, 'composer-closed')).toEqual({ attributes: expect.stringContaining('dir="auto"'), text: '你已被禁言' });
    expect(markup).not.toContain('<textarea');
    const noReason = html(h, <Composer conversation={{ ...c, permissions: { send: false } }} conversationRef={`${c.accountId}#g1`} />);
    expect(element(noReason, 'composer-closed')?.text).toBe('You can’t send messages here.');
  });
});
