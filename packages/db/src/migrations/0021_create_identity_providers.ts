import type { Kysely } from 'kysely';

// A municipality's own identity provider (OpenID Connect), one per organisation, and the e-mail domains it may
// vouch for. A domain is the primary key of its table: two organisations can never both vouch for one domain,
// so pointing a second organisation at a provider of one's choosing cannot take over another's accounts.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('identity_providers')
    .addColumn('organisation_id', 'integer', (c) => c.primaryKey().references('organisations.id').onDelete('cascade'))
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    // Needed in the clear to authenticate to the provider; never returned by any API.
    .addColumn('client_secret', 'text', (c) => c.notNull())
    // 0: the organisation's accounts sign in through the provider only.
    .addColumn('password_sign_in', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('identity_provider_domains')
    .addColumn('domain', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'integer', (c) =>
      c.notNull().references('identity_providers.organisation_id').onDelete('cascade'),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('identity_provider_domains').execute();
  await db.schema.dropTable('identity_providers').execute();
}
