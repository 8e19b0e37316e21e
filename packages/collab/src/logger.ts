/** The logging the core needs; pino's methods fit it, and tests can pass a silent one. */
export interface CollabLogger {
  debug(context: object, message: string): void;
  info(context: object, message: string): void;
  warn(context: object, message: string): void;
  error(context: object, message: string): void;
}

/** A logger that drops everything. */
export const silentLogger: CollabLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
