import { describe, expect, it } from 'vitest';
import { LINE_CHARS, LINES_PER_MINUTE, createLogger, rationedLines } from '../logger';

describe('rationedLines', () => {
  it("writes a minute's first lines of each kind, counts the rest, and says so on the next one written", () => {
    const lines: string[] = [];
    let now = 0;
    const log = createLogger('server', 'debug', rationedLines((l) => lines.push(l), () => now));
    for (let i = 0; i < LINES_PER_MINUTE + 5; i++) log.info('socket refused: session missing', { socket: `s${i}` });
    log.warn('another kind of line');
    expect(lines).toHaveLength(LINES_PER_MINUTE + 1);
    now = 60_000;
    log.info('socket refused: session missing', { socket: 'later' });
    expect(lines.at(-1)).toMatch(/socket refused: session missing \{"socket":"later"\} \(and 5 more like it not written\)$/);
    log.info('socket refused: session missing', { socket: 'after' });
    expect(lines.at(-1)).not.toContain('more like it');
  });

  it('clips a line a client filled (an Origin header of 16 KB) to LINE_CHARS', () => {
    const lines: string[] = [];
    const log = createLogger('webhost', 'debug', rationedLines((l) => lines.push(l)));
    log.warn('IPC connection refused', { origin: 'o'.repeat(16 * 1024) });
    expect(lines[0]!.length).toBe(LINE_CHARS + 1);
    expect(lines[0]).toContain('IPC connection refused');
  });
});
