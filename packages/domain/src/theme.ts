import { z } from 'zod';

export const THEME_TITLE_MAX_LENGTH = 200;
export const THEME_WHY_MAX_LENGTH = 2000;

/** POST /api/meetings/:id/themes and PATCH /api/themes/:id: a theme the klankbordgroep proposes. */
export const themeInput = z.object({
  title: z.string().trim().min(1, 'title.required').max(THEME_TITLE_MAX_LENGTH, 'title.tooLong'),
  why: z.string().trim().max(THEME_WHY_MAX_LENGTH, 'why.tooLong').default(''),
});
export type ThemeInput = z.infer<typeof themeInput>;

/** PUT /api/meetings/:id/support: the one theme a member supports for a meeting, or null for none. */
export const themeSupportInput = z.object({
  themeId: z.number('themeId.invalid').int('themeId.invalid').positive('themeId.invalid').nullable(),
});

/** POST /api/themes/:id/chosen. */
export const themeChosenInput = z.object({ chosen: z.boolean('chosen.invalid') });
