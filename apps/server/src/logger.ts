import { type Logger, pino } from 'pino';
import type { Config } from './config.ts';

/**
 * Structured JSON logs on stdout, one line per event. Tokens and cookies are never logged. With several
 * instances, `instance` (INSTANCE_ID) on every line tells them apart.
 */
export function createLogger(level: Config['logLevel'], instance?: Config['instanceId']): Logger {
  return pino({
    level,
    base: { service: 'klankbord', ...(instance ? { instance } : {}) },
    redact: ['token', 'req.headers.cookie', 'req.headers.authorization'],
  });
}

export type { Logger };
