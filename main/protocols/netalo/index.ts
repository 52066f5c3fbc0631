// The Netalo protocol: sign-in/sign-up over HTTP, chat over socket.io (namespace /data).
export { netaloFactory } from './factory';
export { NetaloAdapter, type NetaloAdapterOptions } from './adapter';
export { netaloCapabilities } from './capabilities';
