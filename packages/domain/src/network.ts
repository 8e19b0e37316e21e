import { z } from 'zod';
import { email, organisationId, password, personName } from './account.ts';
import { roles } from './roles.ts';

export const NETWORK_NAME_MAX_LENGTH = 160;
export const NETWORK_PURPOSE_MAX_LENGTH = 2000;
export const ORGANISATION_NAME_MAX_LENGTH = 160;

/** Kinds of organisation in a network. */
export const organisationKinds = ['gemeente', 'secretariat', 'partner', 'ministry', 'knowledge-partner'] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export const role = z.enum(roles, 'role.invalid');

/** A network's slug appears in URLs and document names: lower case, digits and dashes. */
export const networkSlug = z
  .string()
  .trim()
  .min(2, 'slug.tooShort')
  .max(60, 'slug.tooLong')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'slug.invalid');

/** POST /api/networks. */
export const networkInput = z.object({
  slug: networkSlug,
  name: z.string().trim().min(1, 'name.required').max(NETWORK_NAME_MAX_LENGTH, 'name.tooLong'),
  purpose: z.string().trim().max(NETWORK_PURPOSE_MAX_LENGTH, 'purpose.tooLong').default(''),
});

/** PATCH /api/networks/:slug. */
export const networkUpdate = networkInput.omit({ slug: true });

/** POST and PATCH /api/organisations. */
export const organisationInput = z.object({
  name: z.string().trim().min(1, 'name.required').max(ORGANISATION_NAME_MAX_LENGTH, 'name.tooLong'),
  shortName: z.string().trim().max(40, 'shortName.tooLong').nullable().default(null),
  kind: z.enum(organisationKinds, 'kind.invalid'),
});

/** PUT /api/networks/:slug/organisations: which organisations belong to the network. */
export const networkOrganisationsInput = z.object({
  organisationIds: z.array(z.number().int().positive()).max(1000),
});

/** POST /api/networks/:slug/invitations. */
export const invitationInput = z.object({ email, role });

/** POST /api/invitations/:token/accept, for someone without an account yet. */
export const acceptInvitationInput = z.object({ name: personName, password, organisationId });

/** PATCH /api/networks/:slug/members/:userId. */
export const memberRoleInput = z.object({ role });
