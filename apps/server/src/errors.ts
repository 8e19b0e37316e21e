import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * What the user did wrong, as a status and a message key the web app translates
 * (`{ error: 'email.invalid', fields: { email: 'email.invalid' } }`). What we did wrong is a plain Error.
 */
export class UserError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly key: string,
    readonly fields?: Record<string, string>,
    headers?: Record<string, string>,
  ) {
    super(status, {
      res: new Response(JSON.stringify(fields ? { error: key, fields } : { error: key }), {
        status,
        headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      }),
    });
  }
}

/** Throws a UserError; `fail(404, 'not_found')`. */
export function fail(status: ContentfulStatusCode, key: string, fields?: Record<string, string>): never {
  throw new UserError(status, key, fields);
}
