export { harajFactory } from './factory';
export { HarajAdapter } from './adapter';
