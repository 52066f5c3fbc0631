// What the server itself holds, read with plain protocol clients (socket.io-client and
// fetch, no Parley code): the specs check Parley's claims against these.
import { netaloSignIn, plainSocket } from './plain-sockets';

export interface NetaloWireMessage {
  message_id: string;
  message: string;
  sender_uin: string;
}

type NetaloAsk = (event: string, payload: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** Signs in to the Netalo front with a plain client and runs `use` with its requests (result 0 or a throw). */
export async function asNetaloUser<T>(serverUrl: string, username: string, password: string, use: (ask: NetaloAsk) => Promise<T>): Promise<T> {
  const { socket } = await netaloSignIn(serverUrl, username, password);
  try {
    return await use(async (event, payload) => {
      const answer = (await socket.timeout(10_000).emitWithAck(event, payload)) as Record<string, unknown>;
      if (answer.result !== 0) throw new Error(`${event} answered ${JSON.stringify(answer)}`);
      return answer;
    });
  } finally {
    socket.close();
  }
}

/** A conversation's messages on the Netalo front (up to `max`), newest first, as `username` sees them. */
export function netaloMessages(serverUrl: string, username: string, password: string, groupId: string, max = 100): Promise<NetaloWireMessage[]> {
  return asNetaloUser(serverUrl, username, password, async (ask) => {
    const all: NetaloWireMessage[] = [];
    while (all.length < max) {
      const before = all.at(-1)?.message_id;
      const page = (await ask('list_message', { group_id: groupId, psize: 100, ...(before ? { last_message_id: before } : {}) })).messages as NetaloWireMessage[];
      all.push(...page);
      if (page.length < 100) break;
    }
    return all.slice(0, max);
  });
}

export async function netaloTexts(serverUrl: string, username: string, password: string, groupId: string): Promise<string[]> {
  return (await netaloMessages(serverUrl, username, password, groupId)).map((m) => m.message);
}

/** Signs in to the talker front with a plain client: the user's talker id and client address. */
async function talkerSignIn<T>(talkerUrl: string, login: string, password: string, use: (me: { id: number; handshake: string }) => Promise<T>): Promise<T> {
  const socket = plainSocket(talkerUrl, { query: { c: `e2e-${Date.now()}-${Math.random()}` }, auth: { login, hash: password } });
  try {
    const me = await new Promise<{ id: number; handshake: string }>((resolve, reject) => {
      socket.once('login', (r: { id: number; handshake: string } | false) => (r ? resolve(r) : reject(new Error('login refused'))));
      socket.once('connect_error', reject);
    });
    return await use(me);
  } finally {
    socket.close();
  }
}

export function talkerLoginId(talkerUrl: string, login: string, password: string): Promise<string> {
  return talkerSignIn(talkerUrl, login, password, async (me) => String(me.id));
}

/** Every text in `login`'s talker history with the user `withUser`. */
export function talkerTexts(talkerUrl: string, login: string, password: string, withUser: string): Promise<string[]> {
  return talkerSignIn(talkerUrl, login, password, async (me) => {
    const res = await fetch(`${talkerUrl}/messeages?user_id=${me.id}&clientAddress=${encodeURIComponent(me.handshake)}&with_id=${withUser}&limit=200`);
    return ((await res.json()) as Array<{ content: string }>).map((r) => r.content);
  });
}
