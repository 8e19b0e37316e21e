import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { z } from 'zod';

const integer = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

// Every environment variable the server reads, with its default. Nothing else reads process.env.
const schema = z.object({
  PORT: integer(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  // Temporary until accounts exist: a shared secret for read-write and one for read-only collaboration.
  COLLAB_TOKEN: z.string().min(16).optional(),
  COLLAB_READ_TOKEN: z.string().min(16).optional(),
  COLLAB_MAX_MESSAGE_BYTES: integer(16 * 1024 * 1024, 1024),
  COLLAB_MAX_DOCUMENTS_PER_CLIENT: integer(64, 1),
  COLLAB_UNLOAD_AFTER_MS: integer(10_000),
  COLLAB_COMPACT_AFTER_UPDATES: integer(1000, 1),
  SHUTDOWN_TIMEOUT_MS: integer(15_000, 100),
});

/** The server's configuration, parsed and validated. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseFile: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  collab: {
    writeToken: string;
    /** True when no COLLAB_TOKEN was set and one was generated for this run. */
    writeTokenGenerated: boolean;
    readToken: string | null;
    maxMessageBytes: number;
    maxDocumentsPerClient: number;
    unloadAfterMs: number;
    compactAfterUpdates: number;
  };
  shutdownTimeoutMs: number;
}

/** A configuration that cannot be used; the message names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads the configuration from an environment (process.env in main.ts, a plain object in tests). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseFile: resolve(dataDir, 'klankbord.sqlite'),
    logLevel: e.LOG_LEVEL,
    collab: {
      writeToken: e.COLLAB_TOKEN ?? randomBytes(24).toString('base64url'),
      writeTokenGenerated: e.COLLAB_TOKEN === undefined,
      readToken: e.COLLAB_READ_TOKEN ?? null,
      maxMessageBytes: e.COLLAB_MAX_MESSAGE_BYTES,
      maxDocumentsPerClient: e.COLLAB_MAX_DOCUMENTS_PER_CLIENT,
      unloadAfterMs: e.COLLAB_UNLOAD_AFTER_MS,
      compactAfterUpdates: e.COLLAB_COMPACT_AFTER_UPDATES,
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  };
}
