// What the sign-in form shows for a protocol, and how it checks and sends what was typed.
// The fields come from the protocol's ProtocolInfo (main's adapter names them); their words
// are the catalogue's. Where a protocol calls a shared field something else (AZStack's
// `username` is the app's "AZStack user ID", its `password` the optional "user
// credentials"), a row of FIELD_WORDING says so: data, not a branch in the form.

import type { Credentials, ProtocolId, ProtocolInfo, SignInField } from '../../contract';
import { t, type MessageKey } from '../../i18n';

export interface FieldSpec {
  field: SignInField;
  label: MessageKey;
  hint?: MessageKey;
  /** What the field says when it is left empty. */
  required: MessageKey | null;
  /** A text area (a pasted key), not one line. */
  multiline: boolean;
  /** The longest value the server side accepts (contract/commands.ts). */
  maxLength: number;
  /** The shortest the server side accepts, where more than one character (contract/commands.ts). */
  minLength?: number;
  secret: boolean;
}

type Wording = Partial<Pick<FieldSpec, 'label' | 'hint' | 'required'>>;

const BASE: Record<SignInField, FieldSpec> = {
  serverUrl: { field: 'serverUrl', label: 'signin.server', required: 'signin.invalid.server', multiline: false, maxLength: 2048, secret: false },
  username: { field: 'username', label: 'signin.username', required: 'signin.invalid.username', multiline: false, maxLength: 32, minLength: 2, secret: false },
  login: { field: 'login', label: 'signin.login', required: 'signin.invalid.login', multiline: false, maxLength: 254, minLength: 2, secret: false },
  password: { field: 'password', label: 'signin.password', required: 'signin.invalid.password', multiline: false, maxLength: 1024, secret: true },
  appId: { field: 'appId', label: 'signin.appId', hint: 'signin.appIdHint', required: 'signin.invalid.appId', multiline: false, maxLength: 128, secret: false },
  publicKey: { field: 'publicKey', label: 'signin.publicKey', hint: 'signin.publicKeyHint', required: 'signin.invalid.publicKey', multiline: true, maxLength: 8192, secret: false },
};

/** Where a protocol's own name for a shared field differs from the usual one. */
const FIELD_WORDING: Partial<Record<ProtocolId, Partial<Record<SignInField, Wording & { maxLength?: number; minLength?: number }>>>> = {
  azstack: {
    username: { label: 'signin.azstack.userId', hint: 'signin.azstack.userIdHint', required: 'signin.invalid.azstackUserId', maxLength: 128, minLength: 1 },
    password: { label: 'signin.azstack.credentials', hint: 'signin.azstack.credentialsHint', required: null },
  },
};

/** The form's fields for this protocol, in its order (the server always first). */
export function formFields(info: Pick<ProtocolInfo, 'protocol' | 'fields'>): FieldSpec[] {
  const fields: SignInField[] = ['serverUrl', ...info.fields.filter((f) => f !== 'serverUrl')];
  return [...new Set(fields)].map((f) => ({ ...BASE[f], ...FIELD_WORDING[info.protocol]?.[f] }));
}

export type FieldValues = Partial<Record<SignInField, string>>;
export type FieldErrors = Partial<Record<SignInField, string>>;

const PEM_LINE = /-----(BEGIN|END)[A-Z ]*-----/g;

/** A pasted public key as base64 only: the PEM armour lines and every line break dropped. */
export function normalisePublicKey(pasted: string): string {
  return pasted.replace(PEM_LINE, '').replace(/\s+/g, '');
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The value as it will be sent: trimmed (a password as typed; a key as base64). */
function cleaned(spec: FieldSpec, raw: string | undefined): string {
  const value = raw ?? '';
  if (spec.field === 'password') return value;
  if (spec.field === 'publicKey') return normalisePublicKey(value);
  return value.trim();
}

/**
 * What is wrong with each field, in words for the user (empty when nothing is). Checked
 * before sending, so that main's schema errors (developer text) are not what users see.
 */
export function validateFields(specs: readonly FieldSpec[], values: FieldValues): FieldErrors {
  const errors: FieldErrors = {};
  for (const spec of specs) {
    const value = cleaned(spec, values[spec.field]);
    if (value === '') {
      if (spec.required) errors[spec.field] = t(spec.required);
      continue;
    }
    if (value.length > spec.maxLength) errors[spec.field] = t('signin.invalid.tooLong', { max: spec.maxLength });
    else if (spec.minLength && value.length < spec.minLength) errors[spec.field] = t('signin.invalid.tooShort', { min: spec.minLength });
    else if (spec.field === 'serverUrl' && !isHttpUrl(value)) errors.serverUrl = t('signin.invalid.serverUrl');
    else if (spec.field === 'publicKey' && (value.length < 64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value))) errors.publicKey = t('signin.invalid.publicKeyFormat');
    else if ((spec.field === 'username' || spec.field === 'login') && /\s/.test(value)) errors[spec.field] = t('signin.invalid.spaces');
    // Netalo's and Haraj's usernames (contract UsernameSchema); AZStack's user ID is the app's own.
    else if (spec.field === 'username' && spec.maxLength === 32 && !/^[a-zA-Z0-9_.-]+$/.test(value)) errors.username = t('signin.invalid.usernameChars');
  }
  return errors;
}

/** The contract's credentials for this protocol, from the fields its ProtocolInfo names. */
export function credentialsFor(info: Pick<ProtocolInfo, 'protocol' | 'fields'>, values: FieldValues): Credentials {
  const body: Record<string, string> = { protocol: info.protocol };
  for (const spec of formFields(info)) body[spec.field] = cleaned(spec, values[spec.field]);
  // Main checks the union against its schema at the boundary; here we only name the fields.
  return body as unknown as Credentials;
}
