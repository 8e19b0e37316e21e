import type { OpenDatabaseOptions } from '@klankbord/db';
import type { Config } from './config.ts';

/** Where the server's data lives: the PostgreSQL database of DATABASE_URL when set, else the SQLite file in DATA_DIR. */
export function databaseLocation(config: Pick<Config, 'databaseUrl' | 'databaseFile'>): OpenDatabaseOptions {
  return config.databaseUrl ? { url: config.databaseUrl } : { file: config.databaseFile };
}
