// A small structured logger, shared by the client core and the reference server: one line
// per event on stderr, "<time> <LEVEL> [scope] message {fields}". Hosts decide where lines
// go (the desktop and browser hosts also keep them in a rotating file: log-file.ts); the
// code only says what happened. Never log message text, passwords or tokens: and in case a
// caller forgets, every field whose name says it holds one is redacted before any line is
// written (redactFields below), on stderr and in the file alike.

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
  write: (line: string) => void = stderrWriter(),
): Logger {
  const log = (level: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < ORDER[minLevel]) return;
    const extra = fields && Object.keys(fields).length > 0 ? ' ' + safeJson(redactFields(fields)) : '';
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

/**
 * Lines to stderr, from PARLEY_STDERR_LOG_LEVEL up when it is set: `npm start` sets it to
 * 'warn', so a person's terminal shows what needs them while the log file keeps everything.
 */
export function stderrWriter(env: NodeJS.ProcessEnv = process.env): (line: string) => void {
  const write = (line: string) => void process.stderr.write(line + '\n');
  const floor = env.PARLEY_STDERR_LOG_LEVEL;
  return floor === 'debug' || floor === 'info' || floor === 'warn' || floor === 'error' ? atLeast(floor, write) : write;
}

/** Passes on only lines of `level` or above (read from the line: "<time> <LEVEL> [scope] ..."). */
export function atLeast(level: LogLevel, write: (line: string) => void): (line: string) => void {
  return (line) => {
    const token = line.slice(line.indexOf(' ') + 1, line.indexOf(' [')).toLowerCase();
    const lineLevel = ORDER[token as LogLevel];
    if (lineLevel === undefined || lineLevel >= ORDER[level]) write(line);
  };
}

// Log lines anyone can cause at will must not flood the log. On the reference server every
// refused or failed request writes a line (178,000 in 8 s under one flood); on the browser
// host every refused IPC connection did, with the client's Origin header in it (up to
// 16 KB): 20,000 of them in 6.6 s wrote 302 MB and turned the 5 MB rotating log file over
// again and again, losing everything before. And stderr to a pipe or terminal is written
// synchronously on Linux: a flood of lines is a flood of blocking writes.
// So each kind of line (its level, scope and message, without its fields) is written at most
// LINES_PER_MINUTE times a minute; the rest are counted, and the count rides on the next line
// of that kind that is written. Every line is clipped to LINE_CHARS.

export const LINES_PER_MINUTE = 100;
export const LINE_CHARS = 2_000;
/** Kinds of line remembered at once; past that the oldest window is forgotten. */
const MAX_KINDS = 10_000;

export function rationedLines(write: (line: string) => void, now: () => number = Date.now, perMinute = LINES_PER_MINUTE): (line: string) => void {
  const kinds = new Map<string, { since: number; written: number; dropped: number }>();
  return (line) => {
    // "<time> <LEVEL> [scope] message {fields}": the kind is what stands between the time and the fields.
    const start = line.indexOf(' ') + 1;
    const fields = line.indexOf(' {', start);
    const kind = line.slice(start, fields < 0 ? undefined : fields);
    const at = now();
    let k = kinds.get(kind);
    if (!k || at - k.since >= 60_000) {
      kinds.delete(kind);
      k = { since: at, written: 0, dropped: k?.dropped ?? 0 };
      kinds.set(kind, k);
      if (kinds.size > MAX_KINDS) kinds.delete(kinds.keys().next().value as string);
    }
    if (k.written >= perMinute) {
      k.dropped += 1;
      return;
    }
    k.written += 1;
    let out = line.length > LINE_CHARS ? `${line.slice(0, LINE_CHARS)}…` : line;
    if (k.dropped > 0) {
      out += ` (and ${k.dropped} more like it not written)`;
      k.dropped = 0;
    }
    write(out);
  };
}

/** Sends each line to every writer (stderr and the log file); one failing writer does not stop the others. */
export function teeWriters(...writers: Array<(line: string) => void>): (line: string) => void {
  return (line) => {
    for (const write of writers) {
      try {
        write(line);
      } catch {
        // A full disk must not take the app down with it.
      }
    }
  };
}

/** What a redacted value is written as. */
export const REDACTED = '[redacted]';

/**
 * Field names that carry a message's text or a credential, compared without case, dashes or
 * underscores: "access_token", "Access-Token" and "accessToken" are the same name.
 */
const SECRET_NAMES = new Set([
  'text',
  'body',
  'content',
  'caption',
  'preview',
  'password',
  'passphrase',
  'passwd',
  'secret',
  'authorization',
  'cookie',
  'setcookie',
  'credentials',
  'privatekey',
  'apikey',
  'signature',
]);
/** Any name that ends so: token, accessToken, refresh_token, deviceToken, sessionSecret, x-api-key... */
const SECRET_SUFFIXES = ['token', 'secret', 'password', 'apikey', 'authorization'];
/** Deeper than this, a value is not walked (a cycle, or a huge payload by mistake). */
const MAX_DEPTH = 6;

function isSecretName(name: string): boolean {
  const n = name.toLowerCase().replace(/[-_\s]/g, '');
  return SECRET_NAMES.has(n) || SECRET_SUFFIXES.some((suffix) => n.endsWith(suffix));
}

/**
 * A copy of `fields` with every secret-named value (at any depth, in arrays too) replaced by
 * REDACTED, and "Bearer ..." strings cut wherever they are. Errors keep their name and stack.
 */
export function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  return redactValue(fields, 0, new WeakSet()) as Record<string, unknown>;
}

function redactValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return value.replace(/\b(Bearer|Basic)\s+[^\s"',;]+/gi, `$1 ${REDACTED}`);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[cycle]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(value);
  if (value instanceof Error) return { name: value.name, stack: redactValue(value.stack ?? '', depth + 1, seen) };
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1, seen));
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = isSecretName(key) && v !== undefined && v !== null ? REDACTED : redactValue(v, depth + 1, seen);
  }
  return out;
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
