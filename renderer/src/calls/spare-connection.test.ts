// The spare peer connection: built when asked (a call button is pointed at), given to the next
// peer whose configuration it fits, never two at once, closed when the session stops.

import { describe, expect, it } from 'vitest';
import { SpareConnections } from './spare-connection';

function world() {
  const built: Array<{ config: RTCConfiguration; closed: boolean; signalingState: string; close(): void }> = [];
  const spares = new SpareConnections({
    create: (config) => {
      const pc = { config, closed: false, signalingState: 'stable', close: () => ((pc.closed = true), (pc.signalingState = 'closed')) };
      built.push(pc);
      return pc as unknown as RTCPeerConnection;
    },
  });
  return { spares, built };
}

describe('SpareConnections', () => {
  it('builds nothing until warmed; the next peer then gets the spare instead of a new connection', () => {
    const w = world();
    expect(w.built).toHaveLength(0);
    w.spares.warm();
    expect(w.built).toHaveLength(1);
    const first = w.spares.take({ iceServers: [], sdpSemantics: 'unified-plan' } as RTCConfiguration);
    expect(first).toBe(w.built[0]);
    expect(w.built).toHaveLength(1);
    // Taken: the next peer builds its own, until the session warms another.
    const second = w.spares.take({ iceServers: [] });
    expect(second).not.toBe(first);
    expect(w.built).toHaveLength(2);
  });

  it('keeps one spare at most, however often it is warmed', () => {
    const w = world();
    w.spares.warm();
    w.spares.warm();
    w.spares.warm();
    expect(w.built).toHaveLength(1);
  });

  it('a call with ICE servers gets a connection of its own; the spare waits for the next', () => {
    const w = world();
    w.spares.warm();
    const config = { iceServers: [{ urls: ['turn:turn.example:3478'], username: 'u', credential: 'c' }] };
    const pc = w.spares.take(config);
    expect(pc).toBe(w.built[1]);
    expect((pc as unknown as { config: RTCConfiguration }).config).toBe(config);
    expect(w.spares.take({ iceServers: [] })).toBe(w.built[0]);
  });

  it('a spare closed meanwhile is not given out', () => {
    const w = world();
    w.spares.warm();
    w.built[0]!.close();
    expect(w.spares.take({ iceServers: [] })).toBe(w.built[1]);
  });

  it('dispose closes the spare; the next warm builds a new one', () => {
    const w = world();
    w.spares.warm();
    w.spares.dispose();
    expect(w.built[0]!.closed).toBe(true);
    expect(w.spares.take({ iceServers: [] })).toBe(w.built[1]);
    w.spares.warm();
    expect(w.built).toHaveLength(3);
    expect(w.built[2]!.closed).toBe(false);
  });

  it('a failing build is only a lost head start: the call builds its own', () => {
    let fail = true;
    const built: unknown[] = [];
    const spares = new SpareConnections({
      create: () => {
        if (fail) throw new Error('no WebRTC here');
        const pc = { signalingState: 'stable', close() {} };
        built.push(pc);
        return pc as unknown as RTCPeerConnection;
      },
    });
    spares.warm();
    fail = false;
    expect(spares.take({ iceServers: [] })).toBe(built[0]);
  });
});
