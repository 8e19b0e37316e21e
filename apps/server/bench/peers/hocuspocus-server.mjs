/**
 * Hocuspocus 3 with its SQLite extension, as its documentation sets it up, storing into `$DATA_DIR/hocuspocus.sqlite`.
 * Its defaults otherwise (store debounced by 2 s, at most 10 s; unload when the last client leaves; SIGTERM stores
 * and stops). Reports its port in the same JSON line our server logs.
 */
import { join } from 'node:path';
import { SQLite } from '@hocuspocus/extension-sqlite';
import { Server } from '@hocuspocus/server';

const dataDir = process.env.DATA_DIR;
if (!dataDir) throw new Error('DATA_DIR is required');
const server = new Server({
  port: 0,
  address: '127.0.0.1',
  quiet: true,
  extensions: [new SQLite({ database: join(dataDir, 'hocuspocus.sqlite') })],
});
await server.listen();
process.stdout.write(`${JSON.stringify({ msg: 'listening', port: server.address.port })}\n`);
