// AZStack apps and ids: an app from --azstack-app (its own key pair), the command line that
// names it, a key file that cannot be read, and userIds that stay JSON-safe numbers when
// every uin is above 2^53 (--large-ids).
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../main/core/logger';
import { parseCliArgs } from '../cli-args';
import { startServer } from '../start-server';
import { msgId, signIn, startAzServer, type AzTestServer, type Body } from './azstack-support';

const keyDir = mkdtempSync(join(tmpdir(), 'parley-test-azstack-keys-'));
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
const keyFile = join(keyDir, 'shop.pem');
writeFileSync(keyFile, privateKey.export({ type: 'pkcs1', format: 'pem' }));
const shopPublicKey = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

let az: AzTestServer;
beforeAll(async () => {
  az = await startAzServer({ largeIds: true, azstackApps: [{ id: 'shop', privateKeyFile: keyFile }], azstackIceServers: [{ url: 'stun:127.0.0.1:3478', username: '', password: '' }] });
});
afterAll(async () => {
  await az.stop();
  rmSync(keyDir, { recursive: true, force: true });
});

describe('apps', () => {
  it('signs in through a configured app with its own key, and lists the configured ICE servers', async () => {
    const viaShop = await signIn({ ...az, publicKey: shopPublicKey }, 'alice', 'alice-parley', { appId: 'shop' });
    expect(viaShop.reply).toMatchObject({ username: 'alice', ice_server: [{ url: 'stun:127.0.0.1:3478', username: '', password: '' }] });
    viaShop.client.close();
  });

  it('refuses to start with a key file it cannot read, saying which', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-test-azstack-badkey-'));
    try {
      await expect(startServer({ port: 0, azstackPort: 0, dataDir, log: createMemoryLogger(), azstackApps: [{ id: 'x', privateKeyFile: join(keyDir, 'missing.pem') }] })).rejects.toThrow(/--azstack-app x: cannot read/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('reads --azstack-app and --azstack-ice-server from the command line', () => {
    const options = parseCliArgs(['--azstack-port', '0', '--azstack-app', 'shop:/keys/a:b.pem', '--azstack-ice-server', 'turn:t.example:3478,u,p']);
    expect(options.azstackApps).toEqual([{ id: 'shop', privateKeyFile: '/keys/a:b.pem' }]);
    expect(options.azstackIceServers).toEqual([{ url: 'turn:t.example:3478', username: 'u', password: 'p' }]);
    expect(() => parseCliArgs(['--azstack-app', 'nofile'])).toThrow(/ID:PRIVATE_KEY_FILE/);
    expect(() => parseCliArgs(['--azstack-app', 'a b:file'])).toThrow(/ID:PRIVATE_KEY_FILE/);
    expect(() => parseCliArgs(['--azstack-ice-server', 'http://x'])).toThrow(/stun:/);
  });
});

describe('ids above 2^53 (--large-ids)', () => {
  it('gives every user a JSON-safe numeric userId that works everywhere', async () => {
    const a = await signIn(az, 'alice', 'alice-parley');
    const b = await signIn(az, 'bob', 'bob-parley');
    for (const id of [a.userId, b.userId]) expect(Number.isSafeInteger(id) && id > 0).toBe(true);
    expect(a.userId).not.toBe(b.userId);
    const id = msgId();
    a.client.send(72, { msgId: id, to: b.userId, msg: 'large' });
    expect(await b.client.next(73)).toMatchObject({ from: a.userId, msgId: id });
    a.client.send(164, { purpose: 1, userIdList: [b.userId] });
    expect(((await a.client.next(164)).userInfoList as Body[])[0]).toMatchObject({ userId: b.userId, username: 'bob' });
  });
});
