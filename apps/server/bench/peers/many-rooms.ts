/**
 * Many rooms: 1,000 rooms with two clients each (one per driver process), one small edit per room; the server's
 * RSS growth per open room, then its RSS once every client has left and the rooms were unloaded. Also the RSS of
 * the server idle after start.
 */
import { withDrivers } from './drivers.ts';
import { add, MiB, makeDir, removeDir, type Scenario, sleep, until, withServer } from './scenario.ts';
import { rssOf } from './servers.ts';

const KiB = 1024;

export function manyRooms(quick: boolean): Scenario {
  const rooms = quick ? 200 : 1000;
  return {
    name: 'rooms',
    figures: [
      { name: 'server RSS idle after start', unit: 'MiB', better: 'lower' },
      { name: `${rooms.toLocaleString('en-US')} rooms × 2 clients: RSS per open room`, unit: 'KiB', better: 'lower' },
      { name: `${rooms.toLocaleString('en-US')} rooms × 2 clients: server RSS`, unit: 'MiB', better: 'lower' },
      { name: `${rooms.toLocaleString('en-US')} rooms: RSS after all left and unload`, unit: 'MiB', better: 'lower' },
    ],
    async run(peer, samples) {
      const label = `${rooms.toLocaleString('en-US')} rooms`;
      const dataDir = makeDir();
      try {
        await withServer(peer, dataDir, (server) =>
          withDrivers(2, async (drivers) => {
            await sleep(1000);
            const idle = rssOf(server.pid);
            add(samples, 'server RSS idle after start', idle / MiB);
            const names = Array.from({ length: rooms }, (_, i) => `room-${i}`);
            await Promise.all(
              drivers.map((driver, d) =>
                driver.ask(
                  'open',
                  {
                    target: server.target,
                    clients: names.map((room) => ({ key: `${d}-${room}`, room })),
                    timeoutMs: 120_000,
                  },
                  125_000,
                ),
              ),
            );
            await drivers[1]!.ask('record', { on: false }, 10_000);
            await drivers[0]!.ask(
              'edit',
              { keys: names.map((room) => `0-${room}`), count: 1, perSecond: 0, timeoutMs: 30_000 },
              35_000,
            );
            await until(
              async () => (await drivers[1]!.ask<{ received: number }>('stats', {}, 10_000)).received >= rooms,
              60_000,
              'every room to have its edit',
            );
            await sleep(1000);
            const open = rssOf(server.pid);
            add(samples, `${label} × 2 clients: RSS per open room`, (open - idle) / rooms / KiB);
            add(samples, `${label} × 2 clients: server RSS`, open / MiB);
            await Promise.all(drivers.map((driver) => driver.ask('close', {}, 60_000)));
            // Our server unloads 1 s after the last client leaves (the bench's setting); the peers at once.
            await sleep(4000);
            add(samples, `${label}: RSS after all left and unload`, rssOf(server.pid) / MiB);
          }),
        );
      } finally {
        removeDir(dataDir);
      }
    },
  };
}
