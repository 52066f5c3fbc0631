// Every protocol this build can speak. The core picks the factory whose `protocol` matches
// the credentials of a sign-in (or a saved session at start); `session.get` lists them all,
// in this order, for the sign-in screen's protocol picker.

import type { ProtocolAdapterFactory } from '../core/adapter';
import { azstackFactory } from './azstack/index';
import { harajFactory } from './haraj/index';
import { mingdaoFactory } from './mingdao/index';
import { netaloFactory } from './netalo/index';
import { talkerFactory } from './talker/index';

export const protocolFactories: readonly ProtocolAdapterFactory[] = [netaloFactory, talkerFactory, harajFactory, mingdaoFactory, azstackFactory];
