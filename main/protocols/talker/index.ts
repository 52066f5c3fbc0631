export { talkerFactory } from './factory';
export { TalkerAdapter } from './adapter';
