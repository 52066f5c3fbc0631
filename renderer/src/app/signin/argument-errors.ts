// Main's answer "invalid-argument" carries what is wrong as data (ParleyErrorData.issues,
// contract/argument-issues.ts); this turns each issue about a field on the form into the
// message under that field, in the user's language. The developer text in `message`
// ("Invalid arguments for session.signIn: username: Too small…") is never shown.

import type { ArgumentIssue, ParleyErrorData, SignInField } from '../../contract';
import { t } from '../../i18n';
import type { FieldErrors, FieldSpec } from './signin-fields';

/** The message for one issue about one field. */
export function issueText(issue: ArgumentIssue, spec: FieldSpec): string {
  switch (issue.problem) {
    case 'required':
      return spec.required ? t(spec.required) : t('signin.invalid.format');
    case 'too-small':
      return t('signin.invalid.tooShort', { min: issue.limit ?? 1 });
    case 'too-big':
      return t('signin.invalid.tooLong', { max: issue.limit ?? spec.maxLength });
    case 'format':
      if (spec.field === 'serverUrl') return t('signin.invalid.serverUrl');
      if (spec.field === 'publicKey') return t('signin.invalid.publicKeyFormat');
      if (spec.field === 'username') return t('signin.invalid.usernameChars');
      if (spec.field === 'login') return t('signin.invalid.spaces');
      return t('signin.invalid.format');
    default:
      return t('signin.invalid.format');
  }
}

/**
 * The field messages for main's refusal, for the fields shown (the first issue per field),
 * or null when the error is not about them (another code, or no issue names a shown field).
 */
export function fieldErrorsFrom(error: ParleyErrorData, shown: readonly FieldSpec[]): FieldErrors | null {
  if (error.code !== 'invalid-argument' || !error.issues?.length) return null;
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.split('.')[0] as SignInField;
    const spec = shown.find((s) => s.field === field);
    if (spec && !errors[field]) errors[field] = issueText(issue, spec);
  }
  return Object.keys(errors).length ? errors : null;
}
