// The others, large: a direct call's peer fills the stage; a group call lays its
// participants out as a grid (up to three others: MAX_CALL_PARTICIPANTS with me).

import type { Call } from '../../contract';
import type { RemoteMedia } from './session';
import { CallTile } from './CallTile';

export function CallStage({ call, remotes, sinkId }: { call: Call; remotes: Record<string, RemoteMedia>; sinkId: string | undefined }) {
  const large = !call.group;
  const tiles = large ? call.participants.slice(0, 1) : call.participants;
  return (
    <div className={large ? 'call-stage call-stage--single' : 'call-stage call-stage--grid'} data-count={tiles.length}>
      {tiles.map((p) => (
        <CallTile key={p.userId} call={call} participant={p} remote={remotes[p.userId]} sinkId={sinkId} large={large} />
      ))}
    </div>
  );
}
