// Free calls (protocol notes, AZStack, Features): 186 offer, 187 SDP/ICE, 188 status, each
// relayed as received (the front does not interpret SDP) to every connection of the other
// party with `from` added, in the order they arrive (each connection's packets are handled
// one after another, and socket.io keeps a socket's packets in order). A 188 also goes to
// the sender's other devices as 199 ("set on my other device": one device answered, the
// others stop ringing); a 199 a client sends goes to its own other devices.
// Decision: an offer to someone with no connection is answered at once, to the caller,
// with 188 status 400 (not answered) from the callee, instead of ringing into nothing.

import { bodies } from './bodies';
import { Refused, service, type Me, type Service, type ServiceDeps } from './service';
import { S } from './wire';

export const NOT_ANSWERED = 400;

export function callServices(deps: ServiceDeps): Record<number, Service<never>> {
  const { store, connections } = deps;
  const other = (me: Me, id: number) => {
    const user = store.user(id);
    if (!user || user.azId === me.userId) throw new Refused('not another user');
    return user.azId;
  };

  const services = {
    [S.CALL_START]: service(bodies.callStart, (me, b, raw) => {
      const to = other(me, b.to);
      if (!connections.isOnline(to)) {
        connections.send(me.userId, S.CALL_STATUS, { callId: b.callId, from: to, to: me.userId, status: NOT_ANSWERED });
        return;
      }
      connections.send(to, S.CALL_START, { ...raw, callId: b.callId, to, from: me.userId });
    }),
    [S.CALL_DATA]: service(bodies.callData, (me, b, raw) => {
      connections.send(other(me, b.to), S.CALL_DATA, { ...raw, callId: b.callId, to: b.to, from: me.userId });
    }),
    [S.CALL_STATUS]: service(bodies.callStatus, (me, b) => {
      const to = other(me, b.to);
      connections.send(to, S.CALL_STATUS, { callId: b.callId, from: me.userId, to, status: b.status });
      connections.send(me.userId, S.CALL_STATUS_BY_ME, { callId: b.callId, from: me.userId, to, status: b.status }, me);
    }),
    [S.CALL_STATUS_BY_ME]: service(bodies.callStatus, (me, b) => {
      connections.send(me.userId, S.CALL_STATUS_BY_ME, { callId: b.callId, from: me.userId, to: other(me, b.to), status: b.status }, me);
    }),
  };
  return services as unknown as Record<number, Service<never>>;
}
