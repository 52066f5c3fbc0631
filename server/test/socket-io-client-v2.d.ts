// The little of socket.io-client 2.x (Engine.IO 3) that eio3.test.ts uses: it ships no types.
declare module 'socket.io-client-v2' {
  interface SocketV2 {
    on(event: string, listener: (...args: unknown[]) => void): SocketV2;
    once(event: string, listener: (...args: unknown[]) => void): SocketV2;
    emit(event: string, ...args: unknown[]): SocketV2;
    close(): SocketV2;
  }
  function io(url: string, options?: Record<string, unknown>): SocketV2;
  export = io;
}
