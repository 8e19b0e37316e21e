import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from './connection.ts';
import { openTestDatabase, type TestDatabase } from './test-database.ts';
import { describeSchema, type TableSchema } from './test-schema.ts';

/**
 * Columns that SQLite declares `integer` (64 bits there, and what AUTOINCREMENT needs) and PostgreSQL `bigint`,
 * where its `integer` would be 32 bits (migrations/dialect.ts, logId).
 */
const WIDER_ON_POSTGRES = ['document_updates.id', 'document_snapshots.last_update_id'];

/** A PostgreSQL table as SQLite names its types, for the comparison. */
function asOnSqlite(name: string, table: TableSchema | undefined): TableSchema | undefined {
  if (!table) return table;
  const columns = Object.fromEntries(
    Object.entries(table.columns).map(([column, value]) => [
      column,
      WIDER_ON_POSTGRES.includes(`${name}.${column}`) && value.type === 'bigint'
        ? { ...value, type: 'integer' }
        : value,
    ]),
  );
  return { ...table, columns };
}

// Run by the postgres project only, which has both databases at hand: the migrations must build the same schema on
// SQLite and PostgreSQL, so that no query works on one and fails on the other for a column one of them lacks.
describe('the schema on SQLite and on PostgreSQL', () => {
  let dir: string;
  let sqlite: Db;
  let postgres: TestDatabase;
  let onSqlite: Record<string, TableSchema>;
  let onPostgres: Record<string, TableSchema>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'klankbord-schema-'));
    sqlite = await openDatabase({ file: join(dir, 'klankbord.sqlite') });
    postgres = await openTestDatabase();
    expect(postgres.dialect).toBe('postgres');
    onSqlite = await describeSchema(sqlite);
    onPostgres = await describeSchema(postgres.db);
  });
  afterAll(async () => {
    await sqlite?.destroy();
    await postgres?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has the same tables', () => {
    expect(Object.keys(onPostgres)).toEqual(Object.keys(onSqlite));
    // Not two empty lists: every table of the product is there.
    expect(Object.keys(onSqlite)).toEqual(expect.arrayContaining(['documents', 'users', 'votes', 'search_entries']));
  });

  it('has the same columns, nullable alike, with the same primary keys, foreign keys and unique sets', () => {
    for (const [name, table] of Object.entries(onSqlite)) {
      expect({ table: name, ...asOnSqlite(name, onPostgres[name]) }).toEqual({ table: name, ...table });
    }
  });

  it('keeps the update log’s ids 64 bits wide on PostgreSQL too', () => {
    for (const column of WIDER_ON_POSTGRES) {
      const [table, name] = column.split('.') as [string, string];
      expect(onSqlite[table]?.columns[name]?.type).toBe('integer');
      expect(onPostgres[table]?.columns[name]?.type).toBe('bigint');
    }
  });

  it('knows what the migrations changed on both: anonymous votes and segments', () => {
    expect(onPostgres.votes?.columns.user_id).toEqual({ type: 'integer', nullable: true });
    expect(onPostgres.votes?.unique).toEqual(['statement_id,user_id']);
    expect(onPostgres.document_snapshots?.primaryKey).toEqual(['document_id', 'last_update_id']);
  });
});
