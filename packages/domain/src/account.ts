import { z } from 'zod';

// Field limits, shared by the API's validation and the web app's form attributes.
export const NAME_MAX_LENGTH = 120;
export const EMAIL_MAX_LENGTH = 254;
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

// Messages are keys that the web app translates (nl, en), never sentences.
export const personName = z
  .string()
  .trim()
  .min(1, 'name.required')
  .max(NAME_MAX_LENGTH, 'name.tooLong')
  .refine((name) => !/[\p{Cc}]/u.test(name), 'name.invalid');
export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(EMAIL_MAX_LENGTH, 'email.tooLong')
  .pipe(z.email('email.invalid'));
export const password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, 'password.tooShort')
  .max(PASSWORD_MAX_LENGTH, 'password.tooLong');
export const organisationId = z.number().int().positive('organisation.invalid').nullable();

/** POST /api/setup: the first account, which becomes secretariaat of every network. */
export const setupInput = z.object({ name: personName, email, password, organisationId });

/** POST /api/auth/login. The password is not checked for length here: a wrong one is just wrong. */
export const loginInput = z.object({
  email,
  password: z.string().min(1, 'password.required').max(PASSWORD_MAX_LENGTH),
});

/** PATCH /api/account. */
export const profileInput = z.object({ name: personName, organisationId });

/** POST /api/account/password. */
export const changePasswordInput = z.object({
  currentPassword: z.string().min(1, 'password.required').max(PASSWORD_MAX_LENGTH),
  newPassword: password,
});

/** POST /api/password-resets/:token: a new password set through a link from the secretariat. */
export const resetPasswordInput = z.object({ password });

/** The locales of the interface, Dutch first. */
export const locales = ['nl', 'en'] as const;
export type Locale = (typeof locales)[number];

/** DELETE /api/account: removing one's own account is confirmed with the password. */
export const deleteAccountInput = z.object({
  currentPassword: z.string().min(1, 'password.required').max(PASSWORD_MAX_LENGTH),
});
