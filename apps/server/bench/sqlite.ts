import { createRequire } from 'node:module';

// apps/server declares no @types/better-sqlite3 (only packages/db does), so the bench loads the driver
// at run time and describes the few methods it uses. It is the same module instance the server uses.

/** A prepared statement: the methods the bench calls or wraps. */
export interface SqliteStatement {
  run(...parameters: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...parameters: unknown[]): unknown;
  all(...parameters: unknown[]): unknown[];
}

/** An open better-sqlite3 database: the methods the bench calls. */
export interface SqliteDatabase {
  prepare(source: string): SqliteStatement;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  exec(source: string): SqliteDatabase;
  close(): SqliteDatabase;
}

interface SqliteConstructor {
  new (file: string, options?: { readonly?: boolean; fileMustExist?: boolean }): SqliteDatabase;
  prototype: SqliteDatabase;
}

/** better-sqlite3's Database class. */
export const SQLite = createRequire(import.meta.url)('better-sqlite3') as SqliteConstructor;
