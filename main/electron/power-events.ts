// After a sleep or a locked screen, a socket can look connected while nothing passes: on
// Electron's 'resume' and 'unlock-screen' every account probes its connection at once (a
// dead one is replaced), instead of waiting for socket.io's ping timeout.

export interface PowerEvents {
  on(event: 'resume' | 'unlock-screen', listener: () => void): unknown;
}

export function probeConnectionsOnWake(power: PowerEvents, core: { checkConnections(): void }): void {
  power.on('resume', () => core.checkConnections());
  power.on('unlock-screen', () => core.checkConnections());
}
