// A second (or third) user driven by a plain Netalo client (socket.io-client, no Parley
// code), kept connected for a whole spec: it starts conversations, writes into groups and
// reads the server's answers as they are, refusals included.
import { netaloSignIn } from './plain-sockets';

export interface ScriptedUser {
  uin: string;
  /** One request; the server's answer as it is (result 0 or not). */
  ask(event: string, payload: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** A direct conversation with `peerUin` (found or created); its group ID. */
  direct(peerUin: string): Promise<string>;
  /** Sends a text; the server's answer as it is. */
  say(groupId: string, text: string): Promise<Record<string, unknown>>;
  close(): void;
}

export async function scriptedNetaloUser(serverUrl: string, username: string, password: string): Promise<ScriptedUser> {
  const { socket, uin } = await netaloSignIn(serverUrl, username, password);
  const ask = async (event: string, payload: Record<string, unknown>) => (await socket.timeout(10_000).emitWithAck(event, payload)) as Record<string, unknown>;
  let nonce = 0;
  return {
    uin,
    ask,
    async direct(peerUin) {
      const answer = await ask('create_group', { type: 1, occupants_uins: [peerUin] });
      if (answer.result !== 0) throw new Error(`create_group answered ${JSON.stringify(answer)}`);
      return String((answer.group as { group_id: string }).group_id);
    },
    say: (groupId, text) => ask('create_message', { group_id: groupId, type: 1, message: text, nonce: `${username}-${Date.now()}-${++nonce}` }),
    close: () => socket.close(),
  };
}
