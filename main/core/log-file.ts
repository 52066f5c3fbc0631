// The log kept on disk, for a bug report: the logger's lines (already redacted: logger.ts)
// appended to <dir>/parley.log, which electron-log rotates to parley.old.log once it passes
// maxBytes, so the folder never holds more than about twice that.
//
// electron-log's Node entry, in both hosts: it runs without Electron (the browser host), and
// unlike its Electron "main" entry it opens no IPC channel for renderer logging, which Parley
// does not want (the renderer's reports come through the contract, and the IPC surface stays
// the contract's commands only).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import electronLog from 'electron-log/node';

export const LOG_FILE_NAME = 'parley.log';
/** 5 MB before rotating: weeks of normal use, small enough to attach to a report. */
export const DEFAULT_MAX_LOG_BYTES = 5 * 1024 * 1024;

export interface LogFile {
  /** The folder ("Open logs folder"). */
  readonly dir: string;
  /** The current file. */
  readonly path: string;
  /** Appends one line (a logger writer: createLogger(scope, level, teeWriters(stderr, file.write))). */
  write(line: string): void;
}

export function openLogFile(dir: string, opts: { maxBytes?: number } = {}): LogFile {
  // The folder sits in the user's private data directory; its own mode keeps other users out too.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, LOG_FILE_NAME);
  // Its own instance, so nothing else that loads electron-log shares (or reconfigures) it.
  const logger = electronLog.create({ logId: `parley-file-${path}` });
  logger.transports.console.level = false;
  const file = logger.transports.file;
  file.level = 'silly';
  // Set, so electron-log never goes looking for an app name (it cannot outside Electron).
  file.setAppName('Parley');
  file.resolvePathFn = () => path;
  file.maxSize = opts.maxBytes ?? DEFAULT_MAX_LOG_BYTES;
  // The line is already formatted (time, level, scope, fields): written as it is.
  file.format = '{text}';
  file.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' };
  return {
    dir,
    path,
    write: (line) => logger.info(line),
  };
}
