// Every protocol this build can speak. The core picks the factory whose `protocol` matches
// the credentials of a sign-in (or a saved session at start); `session.get` lists them all
// for the sign-in screen's protocol picker. Mingdao, Haraj and AZStack join as they land.

import type { ProtocolAdapterFactory } from '../core/adapter';
import { netaloFactory } from './netalo/index';
import { talkerFactory } from './talker/index';
import { azstackFactory } from './azstack/index';
import { mingdaoFactory } from './mingdao/index';
import { harajFactory } from './haraj/index';

export const protocolFactories: readonly ProtocolAdapterFactory[] = [netaloFactory, talkerFactory, mingdaoFactory, azstackFactory, harajFactory];
