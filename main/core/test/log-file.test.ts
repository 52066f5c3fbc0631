// The log file a user attaches to a bug report: what the hosts write there (the logger's
// lines through electron-log), that it rotates, and that no message text, password or token
// in a log call's fields ever reaches it.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLogFile } from '../log-file';
import { createLogger, redactFields, REDACTED, teeWriters } from '../logger';
import { tempDirsForFile } from './temp-dirs';

const tempDir = tempDirsForFile();

/** Values no line may contain: each is unique, so a hit names the field that leaked. */
const SECRETS = {
  text: 'SECRET-message-text-1',
  body: 'SECRET-body-2',
  token: 'SECRET-token-3',
  password: 'SECRET-password-4',
  accessToken: 'SECRET-access-5',
  refreshToken: 'SECRET-refresh-6',
  Authorization: 'SECRET-authorization-7',
  refresh_token: 'SECRET-refresh-underscored-8',
  deviceToken: 'SECRET-device-9',
  'x-api-key': 'SECRET-api-key-10',
};

describe('the log file', () => {
  it('gets every level as one line each, in the logger format, with the fields', () => {
    const dir = tempDir('logfile');
    const file = openLogFile(dir);
    const log = createLogger('electron', 'debug', file.write);
    log.info('started', { accounts: 2, protocols: ['netalo', 'talker'] });
    log.child('core').warn('reconnecting {level} %s', { attempt: 3 });
    const lines = readFileSync(file.path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z INFO \[electron\] started {"accounts":2,"protocols":\["netalo","talker"\]}$/);
    // Placeholders in a message are not electron-log's to fill in.
    expect(lines[1]).toMatch(/WARN \[electron:core\] reconnecting \{level\} %s {"attempt":3}$/);
    expect(file.path).toBe(join(dir, 'parley.log'));
    // The user's alone: it can hold server addresses and user IDs.
    expect(statSync(file.path).mode & 0o077).toBe(0);
  });

  it('rotates past its size, keeping one older file', () => {
    const dir = tempDir('logrotate');
    const file = openLogFile(dir, { maxBytes: 2_000 });
    const log = createLogger('parley', 'info', file.write);
    for (let i = 0; i < 100; i++) log.info('a line long enough to fill the file quickly', { i });
    expect(readdirSync(dir).sort()).toEqual(['parley.log', 'parley.old.log']);
    expect(statSync(file.path).size).toBeLessThan(2_200);
    expect(readFileSync(file.path, 'utf8')).toContain('{"i":99}');
  });

  it('never receives message text, passwords or tokens, at any depth, in any spelling', () => {
    const dir = tempDir('logredact');
    const file = openLogFile(dir);
    const stderr: string[] = [];
    const log = createLogger('parley', 'debug', teeWriters((l) => stderr.push(l), file.write));
    log.info('flat', { ...SECRETS, conversationId: 'c-1' });
    log.warn('nested', { request: { headers: { Authorization: SECRETS.Authorization }, body: { text: SECRETS.text } } });
    log.error('in arrays', { messages: [{ id: 'm1', text: SECRETS.text }, { id: 'm2', body: SECRETS.body }] });
    log.debug('a bearer header as a plain string', { header: `Bearer ${SECRETS.accessToken}` });
    log.info('a session', { session: { accessToken: SECRETS.accessToken, refreshToken: SECRETS.refreshToken, password: SECRETS.password } });
    log.child('x').info('child loggers too', { credentials: { token: SECRETS.token }, deviceToken: SECRETS.deviceToken });

    const written = readFileSync(file.path, 'utf8');
    expect(written.trimEnd().split('\n')).toHaveLength(6);
    for (const [field, secret] of Object.entries(SECRETS)) {
      expect(written, `${field} reached the log file`).not.toContain(secret);
      expect(stderr.join('\n'), `${field} reached stderr`).not.toContain(secret);
    }
    // What is not secret is still there to debug with.
    expect(written).toContain('"conversationId":"c-1"');
    expect(written).toContain('"id":"m2"');
    expect(written).toContain(`"text":"${REDACTED}"`);
  });

  it('redacts without changing the caller’s object, and survives cycles', () => {
    const fields: Record<string, unknown> = { password: 'p', nested: { ok: 1 } };
    fields.self = fields;
    const out = redactFields(fields);
    expect(out.password).toBe(REDACTED);
    expect(out.self).toBe('[cycle]');
    expect(fields.password).toBe('p');
  });
});
