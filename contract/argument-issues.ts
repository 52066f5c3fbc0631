// Added for issue 10 (H1): zod's issues as ArgumentIssue data (contract/errors.ts), so the
// renderer can say "use at least 2 characters" beside the field in the user's language.
// Only the path, the kind of problem and the limit: never the value received (a password).

import type { z } from 'zod';
import type { ArgumentIssue } from './errors';

const MAX_ISSUES = 10;

export function argumentIssues(issues: readonly z.core.$ZodIssue[]): ArgumentIssue[] {
  return issues.slice(0, MAX_ISSUES).map((issue) => {
    const path = issue.path.map(String).join('.').slice(0, 128);
    switch (issue.code) {
      case 'too_small': {
        const limit = Number(issue.minimum);
        // An empty value where at least one is needed is simply missing.
        return limit <= 1 ? { path, problem: 'required' } : { path, problem: 'too-small', limit };
      }
      case 'too_big':
        return { path, problem: 'too-big', limit: Number(issue.maximum) };
      case 'invalid_type':
        return { path, problem: issue.input === undefined ? 'required' : 'invalid' };
      case 'invalid_format':
      case 'custom':
        return { path, problem: 'format' };
      default:
        return { path, problem: 'invalid' };
    }
  });
}
