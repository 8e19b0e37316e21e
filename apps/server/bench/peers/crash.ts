/**
 * A crash: 200 clients in 20 rooms (each room's clients split over two processes) edit, two edits a second each;
 * after 2.5 s the server is SIGKILLed. Every client kept the edits it had seen from others. The server restarts on
 * the same data directory, a fresh client per room loads the room, and the bench counts the edits some client had
 * seen that are gone: seen by a person, then lost.
 */
import { withDrivers } from './drivers.ts';
import { add, makeDir, removeDir, type Scenario, sleep } from './scenario.ts';
import { startPeer } from './servers.ts';

const EDITS_PER_CLIENT = 10;
const EDITS_PER_SECOND = 2;
const KILL_AFTER_MS = 2500;

export function crash(quick: boolean): Scenario {
  const rooms = quick ? 5 : 20;
  const perRoom = 10;
  const label = `SIGKILL with ${rooms * perRoom} clients in ${rooms} rooms`;
  return {
    name: 'crash',
    figures: [
      { name: `${label}: edits seen by a client, then lost`, unit: 'edits', better: 'lower' },
      { name: `${label}: edits seen by a client`, unit: 'edits', better: 'none' },
    ],
    async run(peer, samples) {
      const dataDir = makeDir();
      try {
        await withDrivers(2, async (drivers) => {
          const names = Array.from({ length: rooms }, (_, i) => `crash-${i}`);
          const server = await startPeer(peer, dataDir);
          let seen: Map<string, Set<string>>;
          try {
            const keysOf = (d: number) =>
              names.flatMap((room) =>
                Array.from({ length: perRoom / 2 }, (_, i) => ({ key: `${d}-${room}-${i}`, room })),
              );
            await Promise.all(
              drivers.map((driver, d) =>
                driver.ask('open', { target: server.target, clients: keysOf(d), timeoutMs: 60_000 }, 65_000),
              ),
            );
            const editing = drivers.map((driver, d) =>
              driver
                .ask(
                  'edit',
                  {
                    keys: keysOf(d).map((c) => c.key),
                    count: EDITS_PER_CLIENT,
                    perSecond: EDITS_PER_SECOND,
                    timeoutMs: 30_000,
                  },
                  35_000,
                )
                .catch(() => 0),
            );
            await sleep(KILL_AFTER_MS);
            await server.kill();
            await Promise.all(editing);
            seen = new Map(names.map((room) => [room, new Set<string>()]));
            for (const driver of drivers) {
              const rooms = await driver.ask<Record<string, string[]>>('seen', {}, 30_000);
              for (const [room, ids] of Object.entries(rooms)) for (const id of ids) seen.get(room)?.add(id);
            }
            await Promise.all(drivers.map((driver) => driver.ask('close', {}, 30_000)));
          } finally {
            await server.kill();
          }
          const restarted = await startPeer(peer, dataDir);
          try {
            const loaded = await drivers[0]!.ask<Record<string, string[]>>(
              'load',
              { target: restarted.target, rooms: names, timeoutMs: 60_000 },
              65_000,
            );
            let total = 0;
            let lost = 0;
            for (const [room, ids] of seen) {
              const present = new Set(loaded[room] ?? []);
              total += ids.size;
              for (const id of ids) if (!present.has(id)) lost++;
            }
            add(samples, `${label}: edits seen by a client, then lost`, lost);
            add(samples, `${label}: edits seen by a client`, total);
          } finally {
            await restarted.stop();
          }
        });
      } finally {
        removeDir(dataDir);
      }
    },
  };
}
