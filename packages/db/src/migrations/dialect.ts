import { type ColumnDefinitionBuilder, type Expression, type Kysely, PostgresAdapter, sql } from 'kysely';

// The few places where SQLite and PostgreSQL spell the same schema differently, so that each migration says what
// it builds once and both databases end up with the same tables, columns, keys and constraints.

/** The two databases Klankbord runs on. */
export type Dialect = 'sqlite' | 'postgres';

/** Which database a Kysely instance or one of its transactions talks to, read from its adapter. */
export function dialectOf(db: Kysely<any>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * An integer primary key the database numbers and never reuses: SQLite's AUTOINCREMENT (without it a deleted
 * newest id comes back), PostgreSQL's identity column (a sequence, which never goes back either).
 */
export function generatedId(db: Kysely<any>) {
  const postgres = dialectOf(db) === 'postgres';
  return (column: ColumnDefinitionBuilder) =>
    postgres ? column.primaryKey().generatedByDefaultAsIdentity() : column.primaryKey().autoIncrement();
}

/** A column of bytes: blob in SQLite, bytea in PostgreSQL. */
export function bytes(db: Kysely<any>): 'blob' | 'bytea' {
  return dialectOf(db) === 'postgres' ? 'bytea' : 'blob';
}

/**
 * Text that sorts byte by byte, as order keys must (packages/domain order-key.ts: 'a0V' before 'a0v'): SQLite's
 * default, and on PostgreSQL the "C" collation, whatever the database's own (a Dutch or English one ignores case).
 */
export function byteOrderedText(db: Kysely<any>): 'text' | Expression<unknown> {
  return dialectOf(db) === 'postgres' ? sql`text collate "C"` : 'text';
}

/**
 * The id of a row in the update log, which every edit adds to and no id is ever used twice: SQLite's integer is
 * 64 bits already (and AUTOINCREMENT needs exactly `integer`); PostgreSQL's is 32, which a busy cluster's log
 * could run through in months, so there it is bigint.
 */
export function logId(db: Kysely<any>): 'integer' | 'bigint' {
  return dialectOf(db) === 'postgres' ? 'bigint' : 'integer';
}
