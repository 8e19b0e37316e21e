import { type Logger, pino } from 'pino';
import type { Config } from './config.ts';

/** Structured JSON logs on stdout, one line per event. Tokens and cookies are never logged. */
export function createLogger(level: Config['logLevel']): Logger {
  return pino({
    level,
    base: { service: 'klankbord' },
    redact: ['token', 'req.headers.cookie', 'req.headers.authorization'],
  });
}

export type { Logger };
