// Every protocol this build can speak. The core signs new accounts in with the first entry
// (the contract's sign-in has no protocol choice yet) and restores a saved session with the
// entry whose `protocol` matches it. Add talker, Mingdao, Haraj, AZStack here as they land.

import type { ProtocolAdapterFactory } from '../core/adapter';
import { netaloFactory } from './netalo/index';

export const protocolFactories: readonly ProtocolAdapterFactory[] = [netaloFactory];
