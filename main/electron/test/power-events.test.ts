// Waking up probes every connection (the probe itself is tested in main/core/test/faults.test.ts).
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { probeConnectionsOnWake } from '../power-events';

describe('probeConnectionsOnWake', () => {
  it("asks the core to check its connections on 'resume' and 'unlock-screen', and on nothing else", () => {
    const power = new EventEmitter(); // stands in for Electron's powerMonitor
    let checks = 0;
    probeConnectionsOnWake(power, { checkConnections: () => checks++ });
    power.emit('suspend');
    expect(checks).toBe(0);
    power.emit('resume');
    power.emit('unlock-screen');
    expect(checks).toBe(2);
  });
});
