import { connect, createServer, type Socket } from 'node:net';

/** A load balancer on loopback, as in front of several instances: TCP, so HTTP and WebSocket pass alike. */
export interface Balancer {
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  /** ws://127.0.0.1:<port>/collab */
  collabUrl: string;
  /** Cuts every connection and refuses new ones, as a network partition would, until `restore`. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/**
 * Hands each new connection to the next backend in turn, skipping one that refuses (a killed instance), as a
 * balancer with connect retries does. Open connections stay on their backend until either side closes.
 */
export async function startBalancer(backendPorts: number[]): Promise<Balancer> {
  let next = 0;
  let partitioned = false;
  const open = new Set<Socket>();
  const forward = (client: Socket, attempt = 0) => {
    if (partitioned || attempt >= backendPorts.length) {
      client.destroy();
      return;
    }
    const port = backendPorts[next++ % backendPorts.length]!;
    const backend = connect(port, '127.0.0.1');
    backend.once('error', () => {
      backend.destroy();
      if (!client.destroyed) forward(client, attempt + 1);
    });
    backend.once('connect', () => {
      open.add(backend);
      backend.removeAllListeners('error');
      client.pipe(backend).pipe(client);
      const end = () => {
        client.destroy();
        backend.destroy();
        open.delete(backend);
      };
      backend.on('error', end).on('close', end);
      client.on('error', end).on('close', end);
      client.resume();
    });
  };
  const server = createServer({ pauseOnConnect: true }, (client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    forward(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('balancer has no port');
  return {
    port: address.port,
    url: `http://127.0.0.1:${address.port}`,
    collabUrl: `ws://127.0.0.1:${address.port}/collab`,
    cut() {
      partitioned = true;
      for (const socket of open) socket.destroy();
    },
    restore() {
      partitioned = false;
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
