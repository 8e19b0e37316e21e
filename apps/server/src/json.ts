import type { OrganisationRow, PublicUser } from '@klankbord/db';

// How rows appear in the API: camelCase, and only what a client needs.

/** A user as the API returns them. */
export function userJson(user: PublicUser) {
  return { id: user.id, name: user.name, email: user.email, organisationId: user.organisation_id, locale: user.locale };
}

/** An organisation as the API returns it. */
export function organisationJson(row: OrganisationRow) {
  return { id: row.id, name: row.name, shortName: row.short_name, kind: row.kind };
}
