// `event` carries both typing (8, 9: typing.ts) and calls (1-7: call-signals.ts); one
// handler serves the event name, and the type picks the relay.

import type { Handler } from '../context';
import { eventTypeRequest, parseRequest } from '../validate';
import { relayCallEvent } from './call-signals';

export function routeEvents(typing: Handler): Handler {
  return (ctx, payload) => {
    const { type } = parseRequest(eventTypeRequest, payload);
    return type >= 1 && type <= 7 ? relayCallEvent(ctx, payload) : typing(ctx, payload);
  };
}
