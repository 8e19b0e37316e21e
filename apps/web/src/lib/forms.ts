import { ApiError } from './api-error.ts';

/** Message keys (under `errors.`) per field name. */
export type FieldErrors = Record<string, string>;

/** What a form shows after a failed submit: one error for the form and one per field. */
export interface FormErrors {
  form: string | null;
  fields: FieldErrors;
}

export const NO_ERRORS: FormErrors = Object.freeze({ form: null, fields: Object.freeze({}) });

/** The part of a zod schema that validation needs; keeps zod itself out of this package's dependencies. */
export interface Schema<T> {
  safeParse(
    value: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

// The domain's schemas carry message keys (`email.invalid`); anything else is a type mismatch of ours.
const MESSAGE_KEY = /^[a-zA-Z_]+(\.[a-zA-Z_]+)*$/;

/**
 * Validates form values with the API's own schema from @klankbord/domain, so a person sees the same message
 * before a round-trip as after it. Returns the parsed data, or the first error per field.
 */
export function validate<T>(schema: Schema<T>, values: unknown): { data: T } | { errors: FormErrors } {
  const result = schema.safeParse(values);
  if (result.success) return { data: result.data };
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '');
    if (field && !(field in fields)) fields[field] = MESSAGE_KEY.test(issue.message) ? issue.message : 'invalid';
  }
  return { errors: { form: Object.keys(fields).length ? null : 'invalid', fields } };
}

/** Turns a failed API call into form errors; field errors stand on their own without a form-level one. */
export function errorsFrom(error: unknown): FormErrors {
  if (!(error instanceof ApiError)) {
    console.error(error);
    return { form: 'internal_error', fields: {} };
  }
  const fields = { ...error.fields };
  return { form: Object.keys(fields).length ? null : error.key, fields };
}

/** True when a submit failed in a way the person can see. */
export function hasErrors(errors: FormErrors): boolean {
  return errors.form !== null || Object.keys(errors.fields).length > 0;
}
