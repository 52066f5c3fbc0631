// A fake at the adapter seam, not a protocol: it speaks no wire format and reaches no
// network. Tests drive it by hand (`emit`) and read what the core asked of it.

import type { Capabilities, Id, User } from '../../../contract/domain';
import { ParleyError } from '../../../contract/errors';
import type {
  AdapterEvent,
  AdapterSession,
  ConversationData,
  MessageData,
  ProtocolAdapter,
  ProtocolAdapterFactory,
  SendConfirmation,
  SendRequest,
  SignUpDetails,
} from '../adapter';
import type { Credentials } from '../../../contract/commands';

export const fakeCapabilities: Capabilities = {
  messaging: 'send-receive',
  signUp: true,
  directConversations: true,
  groups: false,
  groupAdmin: false,
  history: true,
  editMessages: false,
  deleteMessages: false,
  deliveryReceipts: false,
  readReceipts: false,
  unreadCounts: true,
  typing: false,
  presence: true,
  mute: false,
  pin: false,
  block: false,
  attachments: false,
  search: false,
  calls: false,
  userSearch: true,
  messageRequests: false,
  clearHistory: false,
  nudge: false,
};

export const FAKE_PASSWORD = 'correct-horse';

export function fakeSession(overrides: Partial<AdapterSession> = {}): AdapterSession {
  return {
    protocol: 'netalo',
    serverUrl: 'http://127.0.0.1:9',
    userId: '18446744073709551557',
    username: 'alice',
    displayName: 'Alice',
    secret: { version: 1, value: 'f'.repeat(64) },
    ...overrides,
  };
}

export class FakeAdapter implements ProtocolAdapter {
  readonly capabilities: Capabilities;
  sendConfirmation: SendConfirmation = 'nonce';
  connected = false;
  closed = false;
  readonly sent: SendRequest[] = [];
  /** The test decides each send's fate; by default it succeeds. */
  sendBehaviour: (req: SendRequest) => Promise<MessageData> | MessageData = (req) => ({
    ...fakeMessage(req.conversationId, `m${this.sent.length}`, req.text),
    nonce: req.nonce,
    senderId: this.session.userId,
  });
  /** What findSentMessage answers (the server's history, as far as the test says). */
  history: MessageData[] = [];
  readonly findCalls: Array<{ conversationId: Id; text: string }> = [];
  private readonly listeners = new Set<(event: AdapterEvent) => void>();
  searchUsers?: (query: string) => Promise<User[]>;
  /** Nudges this adapter sent (where capabilities.nudge). */
  readonly nudges: Id[] = [];
  sendNudge?: (conversationId: Id) => Promise<MessageData>;

  constructor(
    readonly session: AdapterSession,
    capabilities: Capabilities,
  ) {
    this.capabilities = capabilities;
    // Present only where the capability says so, as a real adapter would.
    if (capabilities.userSearch) {
      this.searchUsers = async (query) => [{ id: '2', username: query, displayName: 'Bob' }];
    }
    if (capabilities.nudge) {
      this.sendNudge = async (conversationId) => {
        this.nudges.push(conversationId);
        return { ...fakeMessage(conversationId, `nudge${this.nudges.length}`, ''), kind: 'nudge', senderId: this.session.userId };
      };
    }
  }

  connect(): void {
    this.connected = true;
  }
  close(): void {
    this.closed = true;
    this.listeners.clear();
  }
  onEvent(listener: (event: AdapterEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  /** The test plays the server. */
  emit(event: AdapterEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  async listConversations(): Promise<{ items: ConversationData[] }> {
    return { items: [fakeConversation('100')] };
  }
  async openDirectConversation(userId: Id): Promise<ConversationData> {
    return { ...fakeConversation('101'), peerId: userId, memberIds: [this.session.userId, userId] };
  }
  async listMessages(req: { conversationId: Id }): Promise<{ items: MessageData[] }> {
    return { items: [fakeMessage(req.conversationId, 'm1', 'hi')] };
  }
  async sendMessage(req: SendRequest): Promise<MessageData> {
    if (!this.connected) throw new ParleyError('offline', 'Not connected');
    this.sent.push(req);
    return this.sendBehaviour(req);
  }
  async findSentMessage(req: { conversationId: Id; text: string; exclude: Id[] }): Promise<MessageData | null> {
    this.findCalls.push({ conversationId: req.conversationId, text: req.text });
    return (
      this.history.find(
        (m) => m.conversationId === req.conversationId && m.text === req.text && m.senderId === this.session.userId && !req.exclude.includes(m.id!),
      ) ?? null
    );
  }
  async getUsers(ids: Id[]): Promise<User[]> {
    return ids.map((id) => ({ id, username: `user${id}`, displayName: `User ${id}` }));
  }
}

export function fakeConversation(id: Id): ConversationData {
  return {
    id,
    kind: 'direct',
    title: 'Bob',
    memberIds: ['1', '2'],
    peerId: '2',
    createdAt: 1,
    lastActivityAt: 1,
    unreadCount: 0,
    muted: false,
    pinned: false,
  };
}

export function fakeMessage(conversationId: Id, id: Id, text: string): MessageData {
  return { conversationId, id, senderId: '2', kind: 'text', text, sentAt: 1, status: 'sent' };
}

export interface FakeAdapterFactory extends ProtocolAdapterFactory<'netalo' | 'talker'> {
  /** Every adapter the core created, oldest first. */
  readonly adapters: FakeAdapter[];
  readonly latest: FakeAdapter | undefined;
}

/**
 * The named seam fake: signs in `alice` with FAKE_PASSWORD, refuses anyone else. It poses
 * as the protocol it is given (two fakes make two protocols for multi-account tests).
 */
export function fakeAdapterFactory(
  capabilities: Partial<Capabilities> = {},
  protocol: 'netalo' | 'talker' = 'netalo',
): FakeAdapterFactory {
  const caps = { ...fakeCapabilities, ...capabilities };
  const adapters: FakeAdapter[] = [];
  const signIn = async (credentials: Credentials | (SignUpDetails & { protocol?: undefined })): Promise<AdapterSession> => {
    if (credentials.password !== FAKE_PASSWORD) {
      throw new ParleyError('invalid-credentials', 'Wrong username or password');
    }
    const username = 'login' in credentials ? credentials.login : credentials.username;
    return fakeSession({ protocol, serverUrl: credentials.serverUrl, username });
  };
  return {
    protocol,
    label: protocol === 'netalo' ? 'Netalo' : 'talker',
    signInFields: protocol === 'netalo' ? ['serverUrl', 'username', 'password'] : ['serverUrl', 'login', 'password'],
    capabilities: caps,
    adapters,
    get latest() {
      return adapters.at(-1);
    },
    signIn,
    ...(caps.signUp
      ? {
          signUp: async (details: SignUpDetails) => ({
            ...(await signIn(details)),
            displayName: details.displayName ?? details.username,
          }),
        }
      : {}),
    create(session) {
      const adapter = new FakeAdapter(session, caps);
      adapters.push(adapter);
      return adapter;
    },
  };
}
