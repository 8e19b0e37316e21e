import { type Kysely, sql } from 'kysely';
import { dialectOf } from './dialect.ts';

// When a member is removed from Klankbord (AVG), their votes stay without their name, so that the tally of a
// stelling voted on in the past does not change. The vote's user_id therefore becomes nullable (ON DELETE SET
// NULL); the rule "one position per member per statement" moves from the primary key to a unique constraint,
// which allows any number of anonymous votes (NULLs are distinct) and still serves ON CONFLICT (statement_id,
// user_id). SQLite cannot change a column's constraints in place: the table is rebuilt, in one transaction.
// PostgreSQL can, and runs each migration in a transaction of its own already.

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`ALTER TABLE votes DROP CONSTRAINT votes_pk`.execute(db);
    await sql`ALTER TABLE votes ALTER COLUMN user_id DROP NOT NULL`.execute(db);
    await sql`ALTER TABLE votes DROP CONSTRAINT votes_user_id_fkey`.execute(db);
    await sql`ALTER TABLE votes ADD CONSTRAINT votes_user_id_fkey
      FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL`.execute(db);
    await sql`ALTER TABLE votes ADD CONSTRAINT votes_statement_user UNIQUE (statement_id, user_id)`.execute(db);
    await db.schema.createIndex('votes_user').on('votes').column('user_id').execute();
    return;
  }
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .createTable('votes_new')
      .addColumn('statement_id', 'integer', (c) => c.notNull().references('statements.id').onDelete('cascade'))
      .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('position', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('votes_statement_user', ['statement_id', 'user_id'])
      .execute();
    await sql`INSERT INTO votes_new (statement_id, user_id, position, updated_at)
      SELECT statement_id, user_id, position, updated_at FROM votes`.execute(trx);
    await trx.schema.dropTable('votes').execute();
    await trx.schema.alterTable('votes_new').renameTo('votes').execute();
    await trx.schema.createIndex('votes_user').on('votes').column('user_id').execute();
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  // Anonymous votes cannot be keyed by a member again; they go.
  if (dialectOf(db) === 'postgres') {
    await sql`DELETE FROM votes WHERE user_id IS NULL`.execute(db);
    await db.schema.dropIndex('votes_user').execute();
    await sql`ALTER TABLE votes DROP CONSTRAINT votes_statement_user`.execute(db);
    await sql`ALTER TABLE votes DROP CONSTRAINT votes_user_id_fkey`.execute(db);
    await sql`ALTER TABLE votes ADD CONSTRAINT votes_user_id_fkey
      FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE`.execute(db);
    await sql`ALTER TABLE votes ADD CONSTRAINT votes_pk PRIMARY KEY (statement_id, user_id)`.execute(db);
    return;
  }
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .createTable('votes_old')
      .addColumn('statement_id', 'integer', (c) => c.notNull().references('statements.id').onDelete('cascade'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('position', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('votes_pk', ['statement_id', 'user_id'])
      .execute();
    await sql`INSERT INTO votes_old (statement_id, user_id, position, updated_at)
      SELECT statement_id, user_id, position, updated_at FROM votes WHERE user_id IS NOT NULL`.execute(trx);
    await trx.schema.dropTable('votes').execute();
    await trx.schema.alterTable('votes_old').renameTo('votes').execute();
  });
}
