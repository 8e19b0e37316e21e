/**
 * One writer sends 40 MB in updates of 100 KB, as fast as its socket drains: the server's peak RSS over its RSS
 * with the writer connected, and how much it accepted (our server refuses a document past its size bound).
 */
import { withDrivers } from './drivers.ts';
import { add, MiB, makeDir, removeDir, type Scenario, sleep, withServer } from './scenario.ts';
import { rssOf, sampleRss } from './servers.ts';

const MB = 1_000_000;

export function bigWrite(quick: boolean): Scenario {
  const total = (quick ? 10 : 40) * MB;
  const label = `one writer sending ${total / MB} MB in 100 KB updates`;
  return {
    name: 'big-write',
    figures: [
      { name: `${label}: server peak RSS growth`, unit: 'MiB', better: 'lower' },
      { name: `${label}: sent until the server closed the socket, or all`, unit: 'MB', better: 'none' },
    ],
    async run(peer, samples) {
      const dataDir = makeDir();
      try {
        await withServer(peer, dataDir, (server) =>
          withDrivers(1, async ([driver]) => {
            await sleep(1000);
            const baseline = rssOf(server.pid);
            const rss = sampleRss(server.pid);
            try {
              const result = await driver!.ask<{ sentBytes: number; closed: boolean }>(
                'bigWrite',
                {
                  target: server.target,
                  room: 'big-write',
                  totalBytes: total,
                  chunkBytes: 100_000,
                  timeoutMs: 120_000,
                },
                125_000,
              );
              // What the server still does with what it received counts too.
              await sleep(2000);
              add(samples, `${label}: sent until the server closed the socket, or all`, result.sentBytes / MB);
            } finally {
              add(samples, `${label}: server peak RSS growth`, (rss.stop() - baseline) / MiB);
            }
          }),
        );
      } finally {
        removeDir(dataDir);
      }
    },
  };
}
