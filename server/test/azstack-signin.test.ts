// AZStack sign-in, as the official SDK does it: 29 on a master socket, 179 with an RSA token
// on a new socket, 162 back (protocol notes, AZStack, Authentication). The token is made in
// the test as jsencrypt makes it, including the 1-in-256 k-1 byte block.
import { constants, createPrivateKey, generateKeyPairSync, privateDecrypt, publicEncrypt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoKeyFiles } from '../azstack/apps';
import { BadToken, decryptToken, unpadPkcs1Type2 } from '../azstack/token';
import { AzClient, encryptToken, msgId, signIn, startAzServer, type AzTestServer } from './azstack-support';

let az: AzTestServer;
beforeAll(async () => {
  az = await startAzServer();
});
afterAll(async () => {
  await az.stop();
});

describe('the token (PKCS#1 v1.5 over raw RSA)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const pub = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

  it('decrypts a full block and a k-1 byte block (jsencrypt does not left-pad)', () => {
    const content = { sdkVersion: '2.2.4', namespace: '', azStackUserID: 'alice', userCredentials: 'x' };
    expect(JSON.parse(decryptToken(encryptToken(pub, content), privateKey).toString())).toEqual(content);
    const short = encryptToken(pub, content, { short: true });
    expect(Buffer.from(short, 'base64').length).toBe(127);
    expect(JSON.parse(decryptToken(short, privateKey).toString())).toEqual(content);
  });

  it('refuses a block with the wrong padding, a wrong size, or not base64', () => {
    const raw = (em: Buffer) => publicEncrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, em).toString('base64');
    const em = Buffer.alloc(128, 0x11);
    em[0] = 0;
    em[1] = 2;
    em[120] = 0;
    expect(decryptToken(raw(em), privateKey).length).toBe(7);
    const type1 = Buffer.from(em);
    type1[1] = 1;
    expect(() => decryptToken(raw(type1), privateKey)).toThrow(BadToken);
    const noSeparator = Buffer.alloc(128, 0x11);
    noSeparator[0] = 0;
    noSeparator[1] = 2;
    expect(() => decryptToken(raw(noSeparator), privateKey)).toThrow(BadToken);
    const shortPs = Buffer.from(noSeparator);
    shortPs[5] = 0; // PS of 3 bytes: fewer than 8
    expect(() => decryptToken(raw(shortPs), privateKey)).toThrow(BadToken);
    expect(() => decryptToken(Buffer.alloc(129, 1).toString('base64'), privateKey)).toThrow(BadToken);
    expect(() => decryptToken('not base64!', privateKey)).toThrow(BadToken);
    expect(() => unpadPkcs1Type2(Buffer.alloc(10), 10)).toThrow(BadToken);
  });

  it('matches what Node decrypts with PKCS#1 padding where that is allowed (the demo key pair on disk)', () => {
    const key = createPrivateKey(readFileSync(demoKeyFiles(az.dataDir).privateKeyFile));
    const token = encryptToken(az.publicKey, { azStackUserID: 'bob' });
    expect(decryptToken(token, key).toString()).toBe('{"azStackUserID":"bob"}');
    // Node 20 refuses PKCS#1 v1.5 decryption (CVE-2023-46809): the reason token.ts unpads itself.
    expect(() => privateDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(token, 'base64'))).toThrow();
  });
});

describe('sign-in', () => {
  it('answers 29 on the master socket, then 162 with a numeric userId and ice_server', async () => {
    const { client, userId, reply } = await signIn(az, 'alice', 'alice-parley');
    expect(reply).toEqual({ userId, username: 'alice', fullname: 'Alice Martin', ice_server: [] });
    expect(typeof userId).toBe('number');
    expect(Number.isSafeInteger(userId)).toBe(true);
    client.close();
  });

  it('signs in with a k-1 byte token, and with the azStackUserID in another letter case', async () => {
    const short = await signIn(az, 'bob', 'bob-parley', { short: true });
    expect(short.reply.username).toBe('bob');
    const upper = await signIn(az, 'BOB', 'bob-parley');
    expect(upper.userId).toBe(short.userId);
    short.client.close();
    upper.client.close();
  });

  it('sends nothing before 162: packets before sign-in are dropped', async () => {
    const client = new AzClient(az.url);
    await client.connected();
    client.send(72, { msgId: msgId(), to: 1, msg: 'too early' });
    client.send(170, { page: 1, lastCreated: Date.now() });
    client.send(179, {
      slaveIp: '127.0.0.1',
      slavePort: 1,
      token: encryptToken(az.publicKey, { sdkVersion: '2.2.4', namespace: '', azStackUserID: 'carol', userCredentials: 'carol-parley' }),
      fullname: 'Carol',
      namespace: '',
      appId: 'parley-demo',
      sdkVersion: '2.2.4',
      screenSize: '1x1',
    });
    await client.next(162);
    expect(client.all.map((p) => p.service)).toEqual([162]);
    // After it, services are answered.
    client.send(170, { page: 1, lastCreated: Date.now() });
    expect((await client.next(170)).list).toEqual([]);
    client.close();
  });

  const refused = async (body: unknown) => {
    const client = new AzClient(az.url);
    await client.connected();
    client.send(179, body);
    const failed = await client.nextPacket(162);
    expect(typeof failed.raw).toBe('string');
    expect(() => JSON.parse(failed.raw as string)).toThrow(); // the SDK's ERR_SOCKET_PARSE_BODY
    await client.closedByServer();
  };
  const token = (content: unknown) => encryptToken(az.publicKey, content);

  it('answers a wrong password, an unknown user, an unknown app or a bad token with a non-JSON 162 and closes', async () => {
    const base = { slaveIp: '127.0.0.1', slavePort: 1, fullname: 'x', namespace: '', appId: 'parley-demo', sdkVersion: '2.2.4', screenSize: '1x1' };
    await refused({ ...base, token: token({ azStackUserID: 'alice', userCredentials: 'hunter2-secret' }) });
    await refused({ ...base, token: token({ azStackUserID: 'alice', userCredentials: '' }) });
    await refused({ ...base, token: token({ azStackUserID: 'nobody', userCredentials: 'x' }) });
    await refused({ ...base, appId: 'no-such-app', token: token({ azStackUserID: 'alice', userCredentials: 'alice-parley' }) });
    await refused({ ...base, token: 'AAAA' });
    await refused({ ...base, token: token('not an object') });
    await refused({ ...base });
    await refused('not json');
    const lines = az.logLines.join('\n');
    expect(lines).toContain('azstack sign-in refused');
    expect(lines).not.toContain('hunter2');
    expect(lines).not.toContain('alice-parley');
  });

  it('writes the demo public key as one line of base64 SPKI', () => {
    expect(az.publicKey).toMatch(/^MII[A-Za-z0-9+/]+=*$/);
  });
});

describe('a socket that never signs in', () => {
  let short: AzTestServer;
  beforeAll(async () => {
    short = await startAzServer({ azstackSignInDeadlineMs: 1000 });
  });
  afterAll(async () => {
    await short.stop();
  });

  it('is closed by the server after the sign-in deadline, while one that asked to sign in stays open', async () => {
    const idle = new AzClient(short.url);
    await idle.connected();
    const me = await signIn(short, 'bob', 'bob-parley');
    await idle.closedByServer();
    // The signed-in socket outlived the deadline and still answers.
    me.client.send(170, { page: 1, lastCreated: Date.now() });
    expect((await me.client.next(170)).list).toEqual([]);
    me.client.close();
  });
});
