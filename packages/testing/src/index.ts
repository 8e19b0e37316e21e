export { launchChromium } from './browser.ts';
export { cspDirectives } from './csp.ts';
export { type MailServer, type ReceivedMail, startMailServer } from './mail-server.ts';
export { createDatabase, type PostgresServer, runSql, type StartPostgresOptions, startPostgres } from './postgres.ts';
export { freePort } from './processes.ts';
export { type RedisServer, startRedis } from './redis.ts';
export { type ServerProcess, type SpawnServerOptions, spawnServer } from './server.ts';
export { waitFor } from './wait.ts';
