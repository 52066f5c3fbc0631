// AZStack apps (tenants): an `appId` the client sends in plain text picks the app, whose
// RSA private key decrypts the sign-in token. Apps come from --azstack-app ID:PRIVATE_KEY_FILE
// (PEM, PKCS#1 or PKCS#8) and, with --demo, the demo app `parley-demo`, whose key pair the
// front creates once under <data>/azstack/: parley-demo.key (private, PEM, mode 0600) and
// parley-demo.pub (the public key as SDK users paste it: base64 of the DER SPKI, one line).

import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { modulusBytes } from './token';

export const DEMO_APP_ID = 'parley-demo';

/** An app as start-server.ts hands it over (--azstack-app). */
export interface AzstackAppOption {
  id: string;
  privateKeyFile: string;
}

export interface AzstackApp {
  id: string;
  key: KeyObject;
  /** base64 DER SPKI: what the SDK's `publicKey` option takes. */
  publicKey: string;
}

export function publicKeyBase64(key: KeyObject): string {
  return createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('base64');
}

/** Reads an app's private key; throws an Error naming the file for the user. */
export function loadApp(option: AzstackAppOption): AzstackApp {
  let key: KeyObject;
  try {
    key = createPrivateKey(readFileSync(option.privateKeyFile));
  } catch (e) {
    throw new Error(`--azstack-app ${option.id}: cannot read an RSA private key from ${option.privateKeyFile} (${(e as Error).message})`, {
      cause: e,
    });
  }
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`--azstack-app ${option.id}: ${option.privateKeyFile} is not an RSA key`);
  if (modulusBytes(key) < 128) throw new Error(`--azstack-app ${option.id}: the key must be at least 1024 bits`);
  return { id: option.id, key, publicKey: publicKeyBase64(key) };
}

export function demoKeyFiles(dataDir: string): { privateKeyFile: string; publicKeyFile: string } {
  const dir = join(dataDir, 'azstack');
  return { privateKeyFile: join(dir, `${DEMO_APP_ID}.key`), publicKeyFile: join(dir, `${DEMO_APP_ID}.pub`) };
}

/** The demo app, its key pair created on the first --demo run and kept after that. */
export function ensureDemoApp(dataDir: string): AzstackApp {
  const { privateKeyFile, publicKeyFile } = demoKeyFiles(dataDir);
  if (!existsSync(privateKeyFile)) {
    mkdirSync(join(dataDir, 'azstack'), { recursive: true });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(privateKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  const app = loadApp({ id: DEMO_APP_ID, privateKeyFile });
  // Rewritten every start, so that it always matches the private key.
  writeFileSync(publicKeyFile, app.publicKey + '\n');
  return app;
}

export function loadApps(options: readonly AzstackAppOption[], demo: boolean, dataDir: string): Map<string, AzstackApp> {
  const apps = new Map<string, AzstackApp>();
  if (demo) apps.set(DEMO_APP_ID, ensureDemoApp(dataDir));
  for (const option of options) {
    if (apps.has(option.id)) throw new Error(`--azstack-app ${option.id}: the app id is given twice`);
    apps.set(option.id, loadApp(option));
  }
  return apps;
}
