import { sql } from 'kysely';
import { type Db, databaseDialect } from './connection.ts';

// The schema as the database itself reports it, in one shape for SQLite and PostgreSQL, so that tests can compare
// the two (schema.test.ts) and check rules that live in the schema (users.test.ts). For tests only.

/** A foreign key of one column, with what deleting the referenced row does. */
export interface ForeignKey {
  column: string;
  table: string;
  references: string;
  /** CASCADE, SET NULL, NO ACTION, RESTRICT or SET DEFAULT. */
  onDelete: string;
}

/** A column's type as both databases name it: integer, bigint, text or bytes. */
export type ColumnType = string;

/** One table: its columns with type and whether they may be null, its primary key, foreign keys and unique sets. */
export interface TableSchema {
  columns: Record<string, { type: ColumnType; nullable: boolean }>;
  primaryKey: string[];
  foreignKeys: ForeignKey[];
  /** Each unique constraint or unique index other than the primary key, as its columns joined by commas. */
  unique: string[];
}

/**
 * The tables Klankbord's migrations made, by name. Left out: kysely's own bookkeeping, and the search index, which
 * is an FTS5 virtual table (with its shadow tables) on SQLite and a table of tsvectors on PostgreSQL.
 */
export async function describeSchema(db: Db): Promise<Record<string, TableSchema>> {
  const tables = databaseDialect(db) === 'postgres' ? await describePostgres(db) : await describeSqlite(db);
  return Object.fromEntries(
    Object.entries(tables)
      .filter(([name]) => !name.startsWith('kysely_') && !name.startsWith('search_index'))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

async function describeSqlite(db: Db): Promise<Record<string, TableSchema>> {
  const names = await sql<{ name: string }>`SELECT name FROM sqlite_schema
    WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`.execute(db);
  const tables: Record<string, TableSchema> = {};
  for (const { name } of names.rows) {
    const columns = await sql<{ name: string; type: string; notnull: number; pk: number }>`
      SELECT name, type, "notnull", pk FROM pragma_table_info(${name})`.execute(db);
    const keys = await sql<{ from: string; table: string; to: string; on_delete: string }>`
      SELECT "from", "table", "to", on_delete FROM pragma_foreign_key_list(${name})`.execute(db);
    const indexes = await sql<{ name: string }>`
      SELECT name FROM pragma_index_list(${name}) WHERE "unique" = 1 AND origin != 'pk'`.execute(db);
    const unique: string[] = [];
    for (const index of indexes.rows) {
      const parts = await sql<{
        name: string;
      }>`SELECT name FROM pragma_index_info(${index.name}) ORDER BY seqno`.execute(db);
      unique.push(parts.rows.map((part) => part.name).join(','));
    }
    tables[name] = {
      // A primary key column is never null, though SQLite's table_info says so only when it was declared.
      columns: Object.fromEntries(
        columns.rows.map((column) => [
          column.name,
          { type: sameType(column.type), nullable: column.notnull === 0 && column.pk === 0 },
        ]),
      ),
      primaryKey: columns.rows
        .filter((column) => column.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((column) => column.name),
      foreignKeys: sortKeys(
        keys.rows.map((key) => ({ column: key.from, table: key.table, references: key.to, onDelete: key.on_delete })),
      ),
      unique: unique.sort(),
    };
  }
  return tables;
}

const POSTGRES_ON_DELETE: Record<string, string> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

async function describePostgres(db: Db): Promise<Record<string, TableSchema>> {
  const columns = await sql<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>`
    SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
    WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`.execute(db);
  const tables: Record<string, TableSchema> = {};
  for (const column of columns.rows) {
    tables[column.table_name] ??= { columns: {}, primaryKey: [], foreignKeys: [], unique: [] };
    tables[column.table_name]!.columns[column.column_name] = {
      type: sameType(column.data_type),
      nullable: column.is_nullable === 'YES',
    };
  }
  // Every index that is unique, with its columns in order; the primary key's among them.
  const indexes = await sql<{ table_name: string; primary: boolean; columns: string[] }>`
    SELECT t.relname AS table_name, i.indisprimary AS primary,
      array(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
        JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS columns
    FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace s ON s.oid = t.relnamespace
    WHERE s.nspname = current_schema() AND i.indisunique`.execute(db);
  for (const index of indexes.rows) {
    const table = tables[index.table_name];
    if (!table) continue;
    if (index.primary) table.primaryKey = index.columns;
    else table.unique.push(index.columns.join(','));
  }
  const keys = await sql<{
    table_name: string;
    column: string;
    references_table: string;
    references: string;
    on_delete: string;
  }>`
    SELECT t.relname AS table_name, a.attname AS column, r.relname AS references_table, ra.attname AS references,
      c.confdeltype AS on_delete
    FROM pg_constraint c
      JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace s ON s.oid = t.relnamespace
      JOIN pg_class r ON r.oid = c.confrelid
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1]
    WHERE c.contype = 'f' AND s.nspname = current_schema()`.execute(db);
  for (const key of keys.rows) {
    tables[key.table_name]?.foreignKeys.push({
      column: key.column,
      table: key.references_table,
      references: key.references,
      onDelete: POSTGRES_ON_DELETE[key.on_delete] ?? key.on_delete,
    });
  }
  for (const table of Object.values(tables)) {
    table.foreignKeys = sortKeys(table.foreignKeys);
    table.unique.sort();
  }
  return tables;
}

/** SQLite's declared type or PostgreSQL's data type, in one vocabulary (blob and bytea are both bytes). */
function sameType(declared: string): ColumnType {
  const type = declared.toLowerCase();
  return type === 'blob' || type === 'bytea' ? 'bytes' : type;
}

function sortKeys(keys: ForeignKey[]): ForeignKey[] {
  return keys.sort((a, b) => a.column.localeCompare(b.column) || a.table.localeCompare(b.table));
}
