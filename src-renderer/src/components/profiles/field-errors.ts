import type { ApiErrorBody } from '../../../../src-shared/result';

export interface FormErrors<F extends string> {
  fields: Partial<Record<F, string>>;
  /** Problems that belong to no one field (or to a field this form does not show). */
  form: string[];
}

/** Places an invalid_input answer's issues next to the fields they name (issue.path is "name", "serverUrl", …). */
export function formErrorsFrom<F extends string>(
  issues: ApiErrorBody['issues'],
  fields: readonly F[],
  fallbackMessage?: string,
): FormErrors<F> {
  const result: FormErrors<F> = { fields: {}, form: [] };
  for (const issue of issues ?? []) {
    const field = fields.find((name) => issue.path === name || issue.path.startsWith(`${name}.`));
    if (field && result.fields[field] === undefined) result.fields[field] = issue.message;
    else if (!field) result.form.push(issue.message);
  }
  if (!issues?.length && fallbackMessage) result.form.push(fallbackMessage);
  return result;
}
