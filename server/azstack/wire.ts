// AZStack's envelope (../shared/protocol-notes.md, AZStack): one socket.io event, `WebPacket`,
// both ways, `{service: <number>, body: <JSON text>}`. The SDK JSON.parses `body`, so the
// front always sends a string; it accepts an object body as well (build for both), and caps
// what it parses. No socket.io acks: a reply is a packet with the request's service number.

export const EVENT = 'WebPacket';

/** The largest body the front parses (an SDP offer is a few KiB; a text message at most 10,000 characters). */
export const BODY_LIMIT = 128 * 1024;

export const S = {
  PING: 1,
  SERVER_ADDR: 29,
  AUTHENTICATE: 179,
  AUTHENTICATED: 162,
  TEXT_SEND: 72,
  TEXT_NEW: 73,
  GROUP_SEND: 45,
  GROUP_NEW: 146,
  FROM_ME_USER: 174,
  FROM_ME_USER_JSON: 175,
  FROM_ME_GROUP: 176,
  DELIVERED_USER: 167,
  DELIVERED_GROUP: 74,
  SEEN: 153,
  RECALL_USER: 127,
  RECALL_GROUP: 151,
  DELETE: 168,
  TYPING_USER: 142,
  TYPING_GROUP: 149,
  CONVERSATIONS: 170,
  CONVERSATION_DELETE: 171,
  UNREAD: 173,
  MODIFIED: 169,
  USERS_BY_IDS: 164,
  USERS_BY_NAMES: 165,
  GROUP_CREATE: 42,
  GROUP_CREATED: 143,
  GROUP_INVITE: 44,
  GROUP_INVITED: 144,
  GROUP_LEAVE: 43,
  GROUP_LEFT: 145,
  GROUP_RENAME: 150,
  GROUP_RENAMED: 152,
  GROUP_ADMIN: 159,
  GROUP_ADMIN_CHANGED: 160,
  GROUP_JOIN: 197,
  GROUP_DETAILS: 148,
  GROUP_LIST_PRIVATE: 147,
  GROUP_LIST_PUBLIC: 198,
  CALL_START: 186,
  CALL_DATA: 187,
  CALL_STATUS: 188,
  CALL_STATUS_BY_ME: 199,
  APP_STATE: 105,
  PUSH_REGISTER: 38,
  PUSH_REGISTERED: 39,
  PUSH_UNREGISTER: 40,
  PUSH_UNREGISTERED: 41,
  STICKERS: 112,
  // Stored kinds that are not request numbers.
  TEXT_STORED: 5,
} as const;

/**
 * The `r` the SDK reads as success, per service (errorCodes.js): 1 for create group and
 * user info; 0 for the group changes, delete and delete-conversation; 0 or 1 for send,
 * seen and recall (the front sends 1 for a send, 0 for the others, 2 for a failure).
 */
export const OK = { one: 1, zero: 0 } as const;
/** A failure `r` for services whose success is 0 or 1 (72/45/153/127/151). */
export const FAIL_EITHER = 2;

export interface Packet {
  service: number;
  /** The parsed body (any JSON value), or `undefined` when it was not JSON. */
  body: unknown;
}

export class BadPacket extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'BadPacket';
  }
}

/** Reads one `WebPacket`. Throws BadPacket (whose message never contains the packet's content). */
export function readPacket(data: unknown): Packet {
  if (typeof data === 'string') {
    // Some clients send the whole envelope as JSON text.
    if (data.length > BODY_LIMIT + 1024) throw new BadPacket('packet too large');
    try {
      data = JSON.parse(data);
    } catch {
      throw new BadPacket('packet is not JSON');
    }
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new BadPacket('packet is not an object');
  const { service, body } = data as { service?: unknown; body?: unknown };
  const number = typeof service === 'string' && /^\d{1,4}$/.test(service) ? Number(service) : service;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 0 || number > 100_000) throw new BadPacket('service is not a number');
  if (typeof body === 'string') {
    if (body.length > BODY_LIMIT) throw new BadPacket('body too large');
    try {
      return { service: number, body: JSON.parse(body) };
    } catch {
      return { service: number, body: undefined };
    }
  }
  // An object body (not what the SDK sends, but harmless to read): bounded by socket.io's buffer limit.
  return { service: number, body: body ?? undefined };
}

/** The envelope the SDK expects: body is always JSON text (or, for a failed sign-in, deliberately not). */
export function packet(service: number, body: unknown): { service: number; body: string } {
  return { service, body: typeof body === 'string' ? body : JSON.stringify(body) };
}
