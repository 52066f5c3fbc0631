// User info (164 by userIds, 165 by azStackUserIds = usernames): the SDK's only presence,
// there is no presence push (protocol notes). `purpose` is echoed: the SDK matches on it.
// Unknown users are left out of the list.

import { bodies, echo } from './bodies';
import { reply, type Connections } from './connections';
import { service, type Service, type ServiceDeps } from './service';
import type { AzUser } from './store';
import { S } from './wire';

export function userInfo(user: AzUser, connections: Connections): Record<string, unknown> {
  return {
    userId: user.azId,
    username: user.username,
    fullname: user.fullname,
    status: connections.isOnline(user.azId) ? 1 : 0,
    lastVisitDate: user.lastVisit,
  };
}

export function userServices(deps: ServiceDeps): Record<number, Service<never>> {
  const { store, connections } = deps;
  const answer = (purpose: unknown, users: Array<AzUser | null>) => ({
    r: 1,
    purpose: echo(purpose) ?? '',
    done: 1,
    userInfoList: users.filter((u): u is AzUser => u !== null).map((u) => userInfo(u, connections)),
  });
  const failure = (raw: Record<string, unknown>) => ({ r: 0, purpose: echo(raw.purpose) ?? '', done: 1, userInfoList: [] });

  const services = {
    [S.USERS_BY_IDS]: service(
      bodies.usersByIds,
      (me, b) => reply(me, S.USERS_BY_IDS, answer(b.purpose, [...new Set(b.userIdList)].map((id) => store.user(id)))),
      failure,
    ),
    [S.USERS_BY_NAMES]: service(
      bodies.usersByNames,
      (me, b) => reply(me, S.USERS_BY_NAMES, answer(b.purpose, [...new Set(b.usernameList)].map((name) => store.userByName(name)))),
      failure,
    ),
  };
  return services as unknown as Record<number, Service<never>>;
}
