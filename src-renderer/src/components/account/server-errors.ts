import { ApiError } from '../../../../src-shared/result';
import { errorMessage } from '../../api/client';

/**
 * Splits a refused call into messages for the form's fields (by the issue's path, e.g.
 * "phones.0.number" goes to that field when the form has it) and messages for the whole form.
 */
export function serverFieldErrors(
  error: unknown,
  hasField: (path: string) => boolean,
): { fields: { path: string; message: string }[]; form: string[] } {
  if (!(error instanceof ApiError)) return { fields: [], form: [errorMessage(error)] };
  const fields: { path: string; message: string }[] = [];
  const form: string[] = [];
  for (const issue of error.issues ?? []) {
    if (hasField(issue.path)) fields.push(issue);
    else form.push(`${issue.path}: ${issue.message}`);
  }
  if (fields.length === 0 && form.length === 0) form.push(error.message);
  return { fields, form };
}
