import { type Db, inTransaction } from './connection.ts';
import type { OrganisationRow } from './schema.ts';

/** Fields of an organisation that people edit. */
export interface OrganisationFields {
  name: string;
  shortName: string | null;
  kind: string;
}

/** Every organisation, by name. */
export async function listOrganisations(db: Db): Promise<OrganisationRow[]> {
  return db.selectFrom('organisations').selectAll().orderBy('name').execute();
}

/** Finds an organisation by id. */
export async function findOrganisation(db: Db, id: number): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Creates an organisation, or returns the existing one with that name. */
export async function ensureOrganisation(
  db: Db,
  fields: OrganisationFields,
  now = Date.now(),
): Promise<OrganisationRow> {
  await db
    .insertInto('organisations')
    .values({ name: fields.name, short_name: fields.shortName, kind: fields.kind, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  return db.selectFrom('organisations').selectAll().where('name', '=', fields.name).executeTakeFirstOrThrow();
}

/** Creates an organisation; undefined when the name is taken. */
export async function createOrganisation(
  db: Db,
  fields: OrganisationFields,
  now = Date.now(),
): Promise<OrganisationRow | undefined> {
  return db
    .insertInto('organisations')
    .values({ name: fields.name, short_name: fields.shortName, kind: fields.kind, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Updates an organisation; 'taken' when another one has the name, undefined when it does not exist. */
export async function updateOrganisation(
  db: Db,
  id: number,
  fields: OrganisationFields,
  now = Date.now(),
): Promise<OrganisationRow | 'taken' | undefined> {
  const clash = await db
    .selectFrom('organisations')
    .select('id')
    .where('name', '=', fields.name)
    .where('id', '!=', id)
    .executeTakeFirst();
  if (clash) return 'taken';
  return db
    .updateTable('organisations')
    .set({ name: fields.name, short_name: fields.shortName, kind: fields.kind, updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** The organisations that belong to a network. */
export async function listNetworkOrganisations(db: Db, networkId: number): Promise<OrganisationRow[]> {
  return db
    .selectFrom('organisations')
    .innerJoin('network_organisations', 'network_organisations.organisation_id', 'organisations.id')
    .selectAll('organisations')
    .where('network_organisations.network_id', '=', networkId)
    .orderBy('organisations.name')
    .execute();
}

/** Replaces the list of organisations that belong to a network. */
export async function setNetworkOrganisations(
  db: Db,
  networkId: number,
  organisationIds: readonly number[],
): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.deleteFrom('network_organisations').where('network_id', '=', networkId).execute();
    const unique = [...new Set(organisationIds)];
    if (unique.length > 0) {
      await trx
        .insertInto('network_organisations')
        .values(unique.map((organisation_id) => ({ network_id: networkId, organisation_id })))
        .execute();
    }
  });
}
