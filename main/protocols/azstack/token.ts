// AZStack's sign-in token (notes, Authentication 3): base64 of the RSA PKCS#1 v1.5 encryption
// of the JSON {sdkVersion, namespace, azStackUserID, userCredentials} under the app's public
// key, in one block (as jsencrypt does). The key is taken as the SDK takes it (base64 SPKI, one
// line) or as PEM ("PUBLIC KEY" or "RSA PUBLIC KEY").

import { constants, createPublicKey, publicEncrypt, type KeyObject } from 'node:crypto';
import { ParleyError } from '../../../contract/errors';

export const SDK_VERSION = '2.2.4';

/** The app's public key; a key that is not an RSA public key is the user's mistake ('invalid-argument'). */
export function parsePublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    if (trimmed.includes('-----BEGIN')) key = createPublicKey(trimmed);
    else key = createPublicKey({ key: Buffer.from(trimmed.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'spki' });
  } catch {
    throw new ParleyError('invalid-argument', 'The public key is not an RSA public key (base64 or PEM).');
  }
  if (key.asymmetricKeyType !== 'rsa') throw new ParleyError('invalid-argument', 'The public key is not an RSA key.');
  return key;
}

export function makeToken(publicKey: string, azStackUserId: string, userCredentials: string, namespace = ''): string {
  const key = parsePublicKey(publicKey);
  const plain = Buffer.from(JSON.stringify({ sdkVersion: SDK_VERSION, namespace, azStackUserID: azStackUserId, userCredentials }), 'utf8');
  const modulusBytes = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  // One block only, as the SDK (jsencrypt) does: the server decrypts one block.
  if (plain.length > modulusBytes - 11) {
    throw new ParleyError('invalid-argument', 'The user ID and credentials are too long for this app key.');
  }
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, plain).toString('base64');
}
