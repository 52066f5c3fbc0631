// Services the front answers without doing anything (protocol notes, AZStack): keep-alive
// (1, no reply), app state (105, any body back), push registration (38 → 39 {r:1}, 40 →
// 41 {r:1}: no push service here) and stickers (112 → {packets: []}: no sticker packs).

import { z } from 'zod';
import { reply } from './connections';
import { service, type Service } from './service';
import { S } from './wire';

const anything = z.unknown();

export function harmlessServices(): Record<number, Service<never>> {
  const services = {
    [S.PING]: service(anything, () => {}),
    [S.APP_STATE]: service(anything, (me) => reply(me, S.APP_STATE, { r: 1 })),
    [S.PUSH_REGISTER]: service(anything, (me) => reply(me, S.PUSH_REGISTERED, { r: 1 })),
    [S.PUSH_UNREGISTER]: service(anything, (me) => reply(me, S.PUSH_UNREGISTERED, { r: 1 })),
    [S.STICKERS]: service(anything, (me) => reply(me, S.STICKERS, { packets: [] })),
  };
  return services as unknown as Record<number, Service<never>>;
}
