/**
 * The reference server as its README runs it (`YPERSISTENCE=<dir> npx y-websocket`): `@y/websocket-server`'s own
 * connection handler and its own y-leveldb wiring, which it switches on when YPERSISTENCE names a directory. Plain
 * JavaScript run by node, like the peers, so no loader sits in its memory. The bench sets YPERSISTENCE to a fresh
 * directory; this launcher only listens on a free loopback port, reports it, and closes LevelDB on SIGTERM.
 */
import http from 'node:http';
import { getPersistence, setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ noServer: true });
wss.on('connection', setupWSConnection);
const server = http.createServer((_request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/plain' });
  response.end('okay');
});
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
server.listen(0, '127.0.0.1', () => {
  // The same line our server logs, so the bench reads every server's port the same way.
  process.stdout.write(`${JSON.stringify({ msg: 'listening', port: server.address().port })}\n`);
});
process.on('SIGTERM', async () => {
  for (const client of wss.clients) client.terminate();
  server.close();
  await getPersistence()?.provider.destroy();
  process.exit(0);
});
