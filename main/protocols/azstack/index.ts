export { azstackFactory } from './factory';
export { AzstackAdapter } from './adapter';
