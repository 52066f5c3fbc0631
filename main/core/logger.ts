// A small structured logger, shared by the client core and the reference server: one line
// per event on stderr, "<time> <LEVEL> [scope] message {fields}". Hosts decide where lines
// go; the code only says what happened. Never log message text, passwords or tokens.

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function levelFromEnv(): LogLevel {
  const value = process.env.PARLEY_LOG_LEVEL;
  return value === 'debug' || value === 'info' || value === 'warn' || value === 'error' ? value : 'info';
}

export function createLogger(
  scope = 'parley',
  minLevel: LogLevel = levelFromEnv(),
  write: (line: string) => void = (line) => process.stderr.write(line + '\n'),
): Logger {
  const log = (level: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < ORDER[minLevel]) return;
    const extra = fields && Object.keys(fields).length > 0 ? ' ' + safeJson(fields) : '';
    write(`${new Date().toISOString()} ${level.toUpperCase()} [${scope}] ${msg}${extra}`);
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (sub) => createLogger(`${scope}:${sub}`, minLevel, write),
  };
}

/** Keeps every line (debug included) in memory: for tests that check what was logged. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger('test', 'debug', (line) => lines.push(line)), { lines });
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  } catch {
    return '[unserialisable]';
  }
}

/**
 * An error's kind for a log line, with its code where it has one (ParleyError): never its
 * message, which may quote a payload. (Duck-typed so that the logger depends on nothing.)
 */
export function errorName(e: unknown): string {
  if (!(e instanceof Error)) return typeof e;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? `${e.name}(${code})` : e.name;
}
