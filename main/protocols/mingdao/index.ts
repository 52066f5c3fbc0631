export { mingdaoFactory } from './factory';
export { MingdaoAdapter } from './adapter';
