import { z } from 'zod';

export const API_TOKEN_NAME_MAX_LENGTH = 80;
export const API_TOKEN_MAX_DAYS = 366;

/** POST /api/tokens: a personal API token, shown once, valid for a number of days. */
export const apiTokenInput = z.object({
  name: z.string().trim().min(1, 'name.required').max(API_TOKEN_NAME_MAX_LENGTH, 'name.tooLong'),
  expiresInDays: z.number().int().min(1, 'expiry.invalid').max(API_TOKEN_MAX_DAYS, 'expiry.invalid'),
});
