// What a username, a password and a display name may be (server/PROTOCOL.md), as zod
// schemas shared by the HTTP API and the demo seed.

import { z } from 'zod';
import { isCommonPassword } from './common-passwords';
import { codePointLength } from './text';

export const USERNAME_PATTERN = /^[a-zA-Z0-9_.-]{2,32}$/;
export const PASSWORD_MIN = 8;
/** Long enough for any passphrase; bounded so nobody makes us hash a megabyte. */
export const PASSWORD_MAX = 1024;
export const DISPLAY_NAME_MAX = 128;
export const COMMON_PASSWORD_REASON = 'password is one of the most common passwords, the first an attacker tries: choose another';

/** A string field whose absence and whose wrong type both get a message naming the field. */
function text(field: string) {
  return z.string({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be a string`) });
}

export const usernameSchema = text('username')
  .regex(USERNAME_PATTERN, 'username must be 2-32 of the characters a-z A-Z 0-9 _ . -');

export const newPasswordSchema = text('password')
  .min(PASSWORD_MIN, `password must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `password must be at most ${PASSWORD_MAX} characters`)
  .refine((p) => !isCommonPassword(p), COMMON_PASSWORD_REASON);

/** Trimmed; empty or absent means "use the username". */
export const displayNameSchema = text('display_name')
  .transform((s) => s.trim())
  .refine((s) => codePointLength(s, DISPLAY_NAME_MAX) <= DISPLAY_NAME_MAX, `display_name must be at most ${DISPLAY_NAME_MAX} characters`)
  .nullish();

export const signUpSchema = z.object({
  username: usernameSchema,
  password: newPasswordSchema,
  display_name: displayNameSchema,
});

export const signInSchema = z.object({
  username: text('username').min(1, 'username is required').max(64, 'username is too long'),
  password: text('password').min(1, 'password is required').max(PASSWORD_MAX, 'password is too long'),
});
