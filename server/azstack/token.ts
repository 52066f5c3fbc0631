// The sign-in token (protocol notes, AZStack, Authentication 3): base64 of one RSA block,
// PKCS#1 v1.5 type 2, made by jsencrypt under the app's public key. jsencrypt does not
// left-pad its output, so about 1 token in 256 is k-1 bytes: the block is left-padded
// before decrypting. Node 20 refuses PKCS#1 v1.5 decryption (CVE-2023-46809) unless run
// with a security revert; rather than depend on that, the front does a raw RSA decryption
// (RSA_NO_PADDING) and checks and strips 0x00 0x02 PS 0x00 itself, without branching on
// where the separator is (the whole block is always scanned), so that the time taken says
// as little as possible about the plaintext.

import { constants, privateDecrypt, type KeyObject } from 'node:crypto';

export class BadToken extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'BadToken';
  }
}

/** The modulus size in bytes of an RSA private key. */
export function modulusBytes(key: KeyObject): number {
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (!bits) throw new Error('not an RSA key');
  return Math.ceil(bits / 8);
}

/** Decrypts a base64 token to its plaintext bytes. Throws BadToken. */
export function decryptToken(token: string, key: KeyObject): Buffer {
  const k = modulusBytes(key);
  if (token.length > 4 * Math.ceil(k / 3) + 8 || !/^[A-Za-z0-9+/]+={0,2}$/.test(token)) throw new BadToken('token is not base64 of one block');
  const cipher = Buffer.from(token, 'base64');
  if (cipher.length > k || cipher.length < k - 8) throw new BadToken('token is not one block');
  const block = Buffer.alloc(k);
  cipher.copy(block, k - cipher.length); // left-pad: jsencrypt drops leading zero bytes
  let em: Buffer;
  try {
    em = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, block);
  } catch {
    throw new BadToken('token does not decrypt'); // e.g. a value not below the modulus
  }
  return unpadPkcs1Type2(em, k);
}

/**
 * EM = 0x00 || 0x02 || PS (at least 8 non-zero bytes) || 0x00 || M. Returns M, or throws one
 * BadToken for every way it can be wrong. The scan visits every byte whatever it finds.
 */
export function unpadPkcs1Type2(em: Buffer, k: number): Buffer {
  if (em.length !== k || k < 11) throw new BadToken('token padding is wrong');
  let bad = em[0]! | (em[1]! ^ 0x02);
  let separator = 0; // index of the first zero byte after the header; 0 = none yet
  for (let i = 2; i < k; i++) {
    const isZero = ((em[i]! - 1) >> 8) & 1; // 1 when em[i] === 0
    const first = isZero & (separator === 0 ? 1 : 0);
    separator |= -first & i;
  }
  bad |= separator === 0 ? 1 : 0;
  bad |= separator < 10 ? 1 : 0; // PS of at least 8 bytes: the separator at index 10 or later
  if (bad !== 0) throw new BadToken('token padding is wrong');
  return em.subarray(separator + 1);
}
