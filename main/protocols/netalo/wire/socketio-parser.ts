// A socket.io parser that keeps uint64 IDs exact, for both ends of a Netalo connection:
//   new Server(httpServer, { parser: losslessParser })      (socket.io)
//   io(url, { parser: losslessParser })                     (socket.io-client)
//
// The packet format is socket.io-parser's (protocol 5), byte for byte:
//   <type digit>[<attachments>-][<nsp>,][<ack id>][<JSON data>]     e.g. 2/data,12["list_group",{}]
// Only the JSON inside changes hands:
// - decoding a text packet uses parseLenientJson, so a bare integer above 2^53 in any packet
//   arrives as its exact decimal string instead of a rounded number. Single quotes stay
//   invalid here: the document's pseudo-JSON arrives as a JSON *string* argument, which the
//   receiving handler parses itself (with allowSingleQuotes).
// - encoding writes a BigInt as a bare integer (stringifyLosslessJson) instead of throwing.
// Binary packets (rare: attachments) are handed to the stock Encoder / Decoder unchanged.
// A malformed packet throws a plain Error, as the stock decoder does: socket.io and
// socket.io-client catch it and close that one connection cleanly.

import { Emitter } from '@socket.io/component-emitter';
import { Decoder as StockDecoder, Encoder as StockEncoder, PacketType, type Packet } from 'socket.io-parser';
import { parseLenientJson } from './lenient-json';
import { stringifyLosslessJson } from './lossless-stringify';

export { PacketType, type Packet };

/** Same value as socket.io-parser's: both ends must agree on it. */
export const protocol = 5;

// Event names socket.io itself uses; a peer may not emit them (mirrors socket.io-parser).
const RESERVED_EVENTS = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);

export class LosslessEncoder {
  // For binary packets only. Its JSON.stringify cannot write a bare BigInt: there it becomes
  // a decimal string, which loses the type but never the value.
  private readonly binaryEncoder = new StockEncoder((_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  );

  encode(packet: Packet): Array<string | Buffer | ArrayBuffer | ArrayBufferView | Blob> {
    if ((packet.type === PacketType.EVENT || packet.type === PacketType.ACK) && containsBinary(packet.data, 0)) {
      return this.binaryEncoder.encode(packet) as Array<string | Buffer>;
    }
    return [encodePacketString(packet)];
  }
}

function encodePacketString(packet: Packet): string {
  let text = String(packet.type);
  if (packet.type === PacketType.BINARY_EVENT || packet.type === PacketType.BINARY_ACK) {
    text += `${packet.attachments ?? 0}-`;
  }
  if (packet.nsp && packet.nsp !== '/') text += packet.nsp + ',';
  if (packet.id != null) text += String(packet.id);
  if (packet.data != null) text += stringifyLosslessJson(packet.data);
  return text;
}

interface DecoderEvents {
  decoded: (packet: Packet) => void;
}

export class LosslessDecoder extends Emitter<Record<string, never>, Record<string, never>, DecoderEvents> {
  private readonly binaryDecoder: StockDecoder;
  /** True between a binary packet's text header and its last attachment. */
  private reconstructing = false;

  constructor(opts?: { maxAttachments?: number }) {
    super();
    this.binaryDecoder = new StockDecoder({ maxAttachments: opts?.maxAttachments ?? 10 });
    this.binaryDecoder.on('decoded', (packet: Packet) => {
      this.reconstructing = false;
      this.emitReserved('decoded', packet);
    });
  }

  /** Feeds one transport frame: a text packet, or one binary attachment. Throws on garbage. */
  add(chunk: unknown): void {
    if (typeof chunk !== 'string') {
      // An attachment; the stock decoder throws if none was announced.
      this.binaryDecoder.add(chunk);
      return;
    }
    if (this.reconstructing) throw new Error('got plaintext data when reconstructing a packet');
    const type = chunk.charAt(0);
    if (type === String(PacketType.BINARY_EVENT) || type === String(PacketType.BINARY_ACK)) {
      this.binaryDecoder.add(chunk); // throws on a bad header, else waits for attachments
      this.reconstructing = true;
      return;
    }
    this.emitReserved('decoded', decodePacketString(chunk));
  }

  destroy(): void {
    this.binaryDecoder.destroy();
    this.reconstructing = false;
  }
}

/** The shape both `new Server(http, { parser })` and `io(url, { parser })` expect. */
export const losslessParser = {
  protocol,
  PacketType,
  Encoder: LosslessEncoder,
  Decoder: LosslessDecoder,
};

/** Decodes a non-binary text packet, following socket.io-parser's decodeString step by step. */
export function decodePacketString(text: string): Packet {
  const type = Number(text.charAt(0));
  if (PacketType[type] === undefined) throw new Error('unknown packet type ' + type);
  let i = 0;

  let nsp = '/';
  if (text.charAt(i + 1) === '/') {
    const start = i + 1;
    while (++i) {
      if (text.charAt(i) === ',' || i === text.length) break;
    }
    nsp = text.substring(start, i);
  }

  let id: number | undefined;
  if (isDigit(text.charAt(i + 1))) {
    const start = i + 1;
    while (isDigit(text.charAt(i + 1))) i++;
    id = Number(text.substring(start, i + 1));
    // Stricter than the stock decoder, which would hand on a rounded number: socket.io's ack
    // IDs count up from 0, so one beyond 2^53 is garbage, never a real ack.
    if (!Number.isSafeInteger(id)) throw new Error('invalid packet id');
  }

  const packet: Packet = { type, nsp };
  if (id !== undefined) packet.id = id;

  if (text.charAt(++i)) {
    let data: unknown;
    try {
      data = parseLenientJson(text.substring(i));
    } catch {
      throw new Error('invalid payload');
    }
    if (!isPayloadValid(type, data)) throw new Error('invalid payload');
    packet.data = data;
  }
  return packet;
}

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9' && ch.length === 1;
}

function isPayloadValid(type: PacketType, payload: unknown): boolean {
  switch (type) {
    case PacketType.CONNECT:
      return isPlainObject(payload);
    case PacketType.DISCONNECT:
      return payload === undefined;
    case PacketType.CONNECT_ERROR:
      return typeof payload === 'string' || isPlainObject(payload);
    case PacketType.EVENT:
    case PacketType.BINARY_EVENT: {
      if (!Array.isArray(payload)) return false;
      const name: unknown = payload[0];
      return typeof name === 'number' || (typeof name === 'string' && !RESERVED_EVENTS.has(name));
    }
    case PacketType.ACK:
    case PacketType.BINARY_ACK:
      return Array.isArray(payload);
    default:
      return false;
  }
}

function isPlainObject(value: unknown): boolean {
  return Object.prototype.toString.call(value) === '[object Object]';
}

/** Does the value hold binary data anywhere (what makes socket.io use a binary packet)? */
function containsBinary(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object' || depth > 64) return false;
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return true;
  if (typeof Blob !== 'undefined' && value instanceof Blob) return true;
  if (Array.isArray(value)) return value.some((item) => containsBinary(item, depth + 1));
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return containsBinary(withToJson.toJSON(), depth + 1);
  return Object.values(value).some((item) => containsBinary(item, depth + 1));
}
