import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../core/logger';
import { FIELD_CHARS, WARNINGS_PER_MINUTE, rationedWarnings } from '../rationed-warnings';

describe('rationedWarnings', () => {
  it("logs a minute's first warnings, counts the rest, and says how many with the next one logged", () => {
    const log = createMemoryLogger();
    let now = 0;
    const warn = rationedWarnings(log, () => now);
    for (let i = 0; i < WARNINGS_PER_MINUTE + 5; i++) warn('IPC connection refused', { reason: 'wrong Origin' });
    expect(log.lines).toHaveLength(WARNINGS_PER_MINUTE);
    now = 59_999;
    warn('IPC connection refused', { reason: 'wrong Origin' });
    expect(log.lines).toHaveLength(WARNINGS_PER_MINUTE);
    now = 60_000;
    warn('IPC connection refused', { reason: 'wrong Origin' });
    expect(log.lines).toHaveLength(WARNINGS_PER_MINUTE + 1);
    expect(log.lines.at(-1)).toContain('"notLoggedBefore":6');
    warn('IPC connection refused', { reason: 'wrong Origin' });
    expect(log.lines.at(-1)).not.toContain('notLoggedBefore');
  });

  it("clips a field a client wrote (an Origin header of 16 KB) to FIELD_CHARS", () => {
    const log = createMemoryLogger();
    const warn = rationedWarnings(log);
    warn('IPC connection refused', { origin: 'o'.repeat(16 * 1024), reason: 'wrong Origin' });
    const line = log.lines[0]!;
    expect(line).toContain(`"origin":"${'o'.repeat(FIELD_CHARS)}…"`);
    expect(line.length).toBeLessThan(FIELD_CHARS + 200);
  });
});
