// The spare peer connection: built once the page is idle, given to the next peer whose
// configuration it fits, never two at once, closed when the session stops.

import { describe, expect, it } from 'vitest';
import { SpareConnections } from './spare-connection';

function world() {
  const built: Array<{ config: RTCConfiguration; closed: boolean; signalingState: string; close(): void }> = [];
  let idle: Array<() => void> = [];
  const spares = new SpareConnections({
    create: (config) => {
      const pc = { config, closed: false, signalingState: 'stable', close: () => ((pc.closed = true), (pc.signalingState = 'closed')) };
      built.push(pc);
      return pc as unknown as RTCPeerConnection;
    },
    whenIdle: (work) => {
      idle.push(work);
      return () => (idle = idle.filter((w) => w !== work));
    },
  });
  const runIdle = () => {
    const due = idle;
    idle = [];
    for (const work of due) work();
  };
  return { spares, built, runIdle, idleCount: () => idle.length };
}

describe('SpareConnections', () => {
  it('builds the spare only once the page is idle, and the next peer gets it instead of a new connection', () => {
    const w = world();
    w.spares.warm('idle');
    expect(w.built).toHaveLength(0);
    w.runIdle();
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
    w.spares.warm('idle');
    w.spares.warm('idle');
    expect(w.idleCount()).toBe(1);
    w.runIdle();
    w.spares.warm('idle');
    w.runIdle();
    expect(w.built).toHaveLength(1);
  });

  it('a call with ICE servers gets a connection of its own; the spare waits for the next', () => {
    const w = world();
    w.spares.warm('idle');
    w.runIdle();
    const config = { iceServers: [{ urls: ['turn:turn.example:3478'], username: 'u', credential: 'c' }] };
    const pc = w.spares.take(config);
    expect(pc).toBe(w.built[1]);
    expect((pc as unknown as { config: RTCConfiguration }).config).toBe(config);
    expect(w.spares.take({ iceServers: [] })).toBe(w.built[0]);
  });

  it('a spare closed meanwhile is not given out', () => {
    const w = world();
    w.spares.warm('idle');
    w.runIdle();
    w.built[0]!.close();
    expect(w.spares.take({ iceServers: [] })).toBe(w.built[1]);
  });

  it('warm now builds at once (a call button is pointed at); stopWarming forgets a warm waiting for idle but keeps a built spare', () => {
    const w = world();
    w.spares.warm('now');
    expect(w.built).toHaveLength(1);
    w.spares.stopWarming();
    expect(w.spares.take({ iceServers: [] })).toBe(w.built[0]);
    w.spares.warm('idle');
    w.spares.stopWarming();
    w.runIdle();
    expect(w.built).toHaveLength(1);
  });

  it('dispose closes the spare and forgets a warm still waiting for idle', () => {
    const w = world();
    w.spares.warm('idle');
    w.runIdle();
    w.spares.dispose();
    expect(w.built[0]!.closed).toBe(true);
    w.spares.warm('idle');
    w.spares.dispose();
    expect(w.idleCount()).toBe(0);
    w.runIdle();
    expect(w.built).toHaveLength(1);
  });
});
