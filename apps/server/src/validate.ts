import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { UserError } from './errors.ts';

/**
 * Validates a request part against a schema from packages/domain. A failure becomes 400 with the
 * message key of each field (`{ error: 'invalid_input', fields: { email: 'email.invalid' } }`).
 */
export function valid<Target extends keyof ValidationTargets, Schema extends ZodType>(target: Target, schema: Schema) {
  return zValidator(target, schema, (result) => {
    if (result.success) return;
    const fields: Record<string, string> = {};
    for (const issue of result.error.issues) {
      const field = issue.path.map(String).join('.') || '_';
      fields[field] ??= issue.message.includes('.') ? issue.message : `${field}.invalid`;
    }
    throw new UserError(400, 'invalid_input', fields);
  });
}
