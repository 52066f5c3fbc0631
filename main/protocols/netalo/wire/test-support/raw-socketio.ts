// Test support only: a socket.io connection driven by hand, frame by frame, over a plain
// WebSocket. Tests use it to put exact bytes on the wire (a bare 2^60+1 number, a malformed
// packet) that no socket.io client would ever produce.
//
// Engine.IO v4 framing: "0{...}" open, "2" ping / "3" pong, "4<socket.io packet>" message.

import WebSocket from 'ws';

export class RawSocketIo {
  private readonly frames: string[] = [];
  private readonly waiters: Array<{ match: (frame: string) => boolean; resolve: (frame: string) => void }> = [];
  readonly closed: Promise<void>;

  private constructor(private readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.once('close', () => resolve()));
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) return;
      const frame = data.toString('utf8');
      if (frame === '2') {
        ws.send('3'); // answer engine.io pings so the server keeps us
        return;
      }
      const waiter = this.waiters.findIndex((w) => w.match(frame));
      if (waiter >= 0) this.waiters.splice(waiter, 1)[0]?.resolve(frame);
      else this.frames.push(frame);
    });
  }

  /** Opens the engine.io connection (query goes into the handshake) and waits for "0{...}". */
  static async open(baseUrl: string, query: Record<string, string> = {}): Promise<RawSocketIo> {
    const url = new URL('/socket.io/', baseUrl.replace(/^http/, 'ws'));
    url.searchParams.set('EIO', '4');
    url.searchParams.set('transport', 'websocket');
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const ws = new WebSocket(url);
    const raw = new RawSocketIo(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    await raw.next((f) => f.startsWith('0'));
    return raw;
  }

  /** Sends one socket.io packet (without the engine.io "4" prefix). */
  sendPacket(packet: string): void {
    this.ws.send('4' + packet);
  }

  /** The next socket.io packet (engine.io "4" stripped) that satisfies `match`. */
  async nextPacket(match: (packet: string) => boolean = () => true): Promise<string> {
    const frame = await this.next((f) => f.startsWith('4') && match(f.slice(1)));
    return frame.slice(1);
  }

  private next(match: (frame: string) => boolean): Promise<string> {
    const queued = this.frames.findIndex(match);
    if (queued >= 0) return Promise.resolve(this.frames.splice(queued, 1)[0] as string);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  close(): void {
    this.ws.close();
  }
}
