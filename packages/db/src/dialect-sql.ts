import { type RawBuilder, sql } from 'kysely';
import { type Db, databaseDialect } from './connection.ts';

// The SQL expressions that SQLite and PostgreSQL spell differently, each written once for both. JSON columns are
// text in both databases (the schema is the same); PostgreSQL reads them as jsonb where it has to look inside.

/** The calendar year (UTC) of a time in milliseconds since the epoch, as an integer. */
export function yearOfMillis(db: Db, millis: RawBuilder<unknown>): RawBuilder<number> {
  return databaseDialect(db) === 'postgres'
    ? sql<number>`CAST(extract(year FROM to_timestamp(${millis} / 1000.0) AT TIME ZONE 'UTC') AS INTEGER)`
    : sql<number>`CAST(strftime('%Y', ${millis} / 1000, 'unixepoch') AS INTEGER)`;
}

/** True where a JSON array (text) holds this number. */
export function jsonArrayHolds(db: Db, array: RawBuilder<unknown>, value: number): RawBuilder<boolean> {
  return databaseDialect(db) === 'postgres'
    ? sql<boolean>`(${array})::jsonb @> ${JSON.stringify([value])}::jsonb`
    : sql<boolean>`exists (select 1 from json_each(${array}) where value = ${value})`;
}

/** True where a JSON object (text) has this number under `key`. */
export function jsonKeyIs(db: Db, object: RawBuilder<unknown>, key: string, value: number): RawBuilder<boolean> {
  return databaseDialect(db) === 'postgres'
    ? sql<boolean>`(${object})::jsonb -> ${key}::text = to_jsonb(${value}::bigint)`
    : sql<boolean>`json_extract(${object}, ${`$.${key}`}) = ${value}`;
}

/** A JSON object (text) with `key` set to null. */
export function jsonWithNull(db: Db, object: RawBuilder<unknown>, key: string): RawBuilder<string> {
  return databaseDialect(db) === 'postgres'
    ? sql<string>`jsonb_set((${object})::jsonb, ARRAY[${key}::text], 'null'::jsonb)::text`
    : sql<string>`json_set(${object}, ${`$.${key}`}, null)`;
}
