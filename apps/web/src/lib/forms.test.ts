import { setupInput } from '@klankbord/domain';
import { describe, expect, it } from 'vitest';
import { ApiError, apiErrorFrom } from './api-error.ts';
import { errorsFrom, hasErrors, NO_ERRORS, validate } from './forms.ts';

describe('validate', () => {
  it('returns the first message key of each wrong field, from the API’s own schema', () => {
    const result = validate(setupInput, { name: '', email: 'nope', password: 'short', organisationId: null });
    expect(result).toEqual({
      errors: { form: null, fields: { name: 'name.required', email: 'email.invalid', password: 'password.tooShort' } },
    });
  });

  it('returns the parsed data when the values are right', () => {
    const result = validate(setupInput, {
      name: ' Sanne ',
      email: 'Sanne@Example.NL',
      password: 'lang genoeg wachtwoord',
      organisationId: 3,
    });
    expect(result).toEqual({
      data: { name: 'Sanne', email: 'sanne@example.nl', password: 'lang genoeg wachtwoord', organisationId: 3 },
    });
  });

  it('uses a generic key for a type mismatch that carries no message key', () => {
    const result = validate(setupInput, {
      name: 'Sanne',
      email: 'a@b.nl',
      password: 'x'.repeat(12),
      organisationId: 'x',
    });
    expect(result).toEqual({ errors: { form: null, fields: { organisationId: 'invalid' } } });
  });
});

describe('errorsFrom', () => {
  it('shows field errors on their own, without a form-level message', () => {
    const errors = errorsFrom(new ApiError(400, 'invalid_input', { email: 'email.taken' }));
    expect(errors).toEqual({ form: null, fields: { email: 'email.taken' } });
  });

  it('shows a form-level message when the API names no field', () => {
    expect(errorsFrom(new ApiError(429, 'login.rateLimited'))).toEqual({ form: 'login.rateLimited', fields: {} });
  });

  it('turns an unexpected exception into internal_error', () => {
    const quiet = console.error;
    console.error = () => {};
    try {
      expect(errorsFrom(new TypeError('boom'))).toEqual({ form: 'internal_error', fields: {} });
    } finally {
      console.error = quiet;
    }
  });

  it('knows when there is something to show', () => {
    expect(hasErrors(NO_ERRORS)).toBe(false);
    expect(hasErrors({ form: 'forbidden', fields: {} })).toBe(true);
  });
});

describe('apiErrorFrom', () => {
  it('reads the API’s error body', async () => {
    const response = Response.json({ error: 'invalid_input', fields: { name: 'name.tooLong' } }, { status: 400 });
    const error = await apiErrorFrom(response);
    expect([error.status, error.key, error.fields]).toEqual([400, 'invalid_input', { name: 'name.tooLong' }]);
  });

  it('makes up a key from the status when the body is not the API’s', async () => {
    const error = await apiErrorFrom(new Response('<h1>Bad gateway</h1>', { status: 502 }));
    expect([error.status, error.key]).toEqual([502, 'internal_error']);
  });
});
