/**
 * Fan-out: N clients in one room, one of them writing; latency from the writer's edit to each other client's
 * receipt. Per room size, on one fresh server: steady (100 edits/s) and a burst (2,000 edits at once), first
 * without presence, then with every client's cursor moving about once a second. The receivers sit in two
 * processes and the writer in a third.
 */
import { percentile } from '../report.ts';
import { type Driver, withDrivers } from './drivers.ts';
import { add, type Figure, MiB, makeDir, removeDir, type Scenario, sleep, until, withServer } from './scenario.ts';
import { type Peer, rssOf, sampleRss, type Target } from './servers.ts';

const SIZES = [10, 50, 200];
const QUICK_SIZES = [10, 50];
const STEADY_PER_SECOND = 100;
const STEADY_SECONDS = 2;
const BURST = 2000;
const DELIVERY_TIMEOUT_MS = 30_000;

interface Phase {
  label: string;
  count: number;
  perSecond: number;
  awareness: boolean;
}

const PHASES: Phase[] = [
  { label: 'steady', count: STEADY_PER_SECOND * STEADY_SECONDS, perSecond: STEADY_PER_SECOND, awareness: false },
  { label: 'burst', count: BURST, perSecond: 0, awareness: false },
  {
    label: 'steady + presence',
    count: STEADY_PER_SECOND * STEADY_SECONDS,
    perSecond: STEADY_PER_SECOND,
    awareness: true,
  },
  { label: 'burst + presence', count: BURST, perSecond: 0, awareness: true },
];

const cell = (size: number, phase: Phase) => `fan-out ${size}, ${phase.label}`;

function figuresFor(sizes: number[]): Figure[] {
  return sizes.flatMap((size) => [
    ...PHASES.flatMap((phase) => [
      { name: `${cell(size, phase)}: p50`, unit: 'ms', better: 'lower' as const },
      { name: `${cell(size, phase)}: p99`, unit: 'ms', better: 'lower' as const },
      { name: `${cell(size, phase)}: server peak RSS`, unit: 'MiB', better: 'lower' as const },
    ]),
    { name: `fan-out ${size}: server RSS once all left`, unit: 'MiB', better: 'lower' as const },
  ]);
}

export const FAN_OUT_PHASES = PHASES;
export { cell as fanOutCell };

export function fanOut(quick: boolean): Scenario {
  const sizes = quick ? QUICK_SIZES : SIZES;
  return {
    name: 'fan-out',
    figures: figuresFor(sizes),
    async run(peer, samples) {
      for (const size of sizes) {
        const dataDir = makeDir();
        try {
          await withServer(peer, dataDir, (server) =>
            withDrivers(3, (drivers) =>
              measureRoom(
                peer,
                { writer: server.target, readers: [server.target] },
                server.pid,
                size,
                drivers,
                samples,
              ),
            ),
          );
        } finally {
          removeDir(dataDir);
        }
      }
    },
  };
}

/**
 * One room of `size` clients: the writer on `targets.writer`, the receivers spread over the reader drivers, driver
 * d connecting to `targets.readers[d % length]` (two instances: half the receivers on each).
 */
export async function measureRoom(
  peer: Peer,
  targets: { writer: Target; readers: Target[] },
  pid: number,
  size: number,
  [writer, ...readers]: Driver[],
  samples: Map<string, number[]>,
): Promise<void> {
  const connectTimeout = 60_000;
  await writer!.ask(
    'open',
    { target: targets.writer, clients: [{ key: 'writer', room: 'fan-out' }], timeoutMs: connectTimeout },
    connectTimeout + 5000,
  );
  const receivers = Array.from({ length: size - 1 }, (_, i) => ({ key: `reader-${i}`, room: 'fan-out' }));
  await Promise.all(
    readers.map((driver, d) =>
      driver.ask(
        'open',
        {
          target: targets.readers[d % targets.readers.length],
          clients: receivers.filter((_, i) => i % readers.length === d),
          timeoutMs: connectTimeout,
        },
        connectTimeout + 5000,
      ),
    ),
  );
  const all = [writer!, ...readers];
  // A second of unrecorded edits first, so that no server is measured while it still compiles its hot paths.
  await writer!.ask('edit', { keys: ['writer'], count: 100, perSecond: 100, timeoutMs: 30_000 }, 35_000);
  await sleep(500);
  let presence = false;
  for (const phase of PHASES) {
    if (phase.awareness && !presence) {
      await Promise.all(all.map((driver) => driver.ask('awareness', { on: true }, 30_000)));
      presence = true;
      await sleep(1500);
    }
    await Promise.all(readers.map((driver) => driver.ask('record', { on: true }, 10_000)));
    const rss = sampleRss(pid);
    const expected = phase.count * (size - 1);
    await writer!.ask(
      'edit',
      { keys: ['writer'], count: phase.count, perSecond: phase.perSecond, timeoutMs: 30_000 },
      35_000,
    );
    let received = 0;
    try {
      await until(
        async () => {
          const stats = await Promise.all(readers.map((d) => d.ask<{ received: number }>('stats', {}, 10_000)));
          received = stats.reduce((total, s) => total + s.received, 0);
          return received >= expected;
        },
        DELIVERY_TIMEOUT_MS,
        `${cell(size, phase)}: ${expected} receipts`,
      );
    } catch (error) {
      rss.stop();
      throw new Error(`${peer}: ${(error as Error).message} (got ${received})`);
    }
    const peak = rss.stop();
    const latencies = (await Promise.all(readers.map((d) => d.ask<number[]>('latencies', {}, 30_000)))).flat();
    await Promise.all(readers.map((driver) => driver.ask('record', { on: false }, 10_000)));
    add(samples, `${cell(size, phase)}: p50`, percentile(latencies, 50));
    add(samples, `${cell(size, phase)}: p99`, percentile(latencies, 99));
    add(samples, `${cell(size, phase)}: server peak RSS`, peak / MiB);
  }
  await Promise.all(all.map((driver) => driver.ask('close', {}, 30_000)));
  // Our server unloads a room 1 s after its last client (the bench's setting); the peers at once.
  await sleep(3000);
  add(samples, `fan-out ${size}: server RSS once all left`, rssOf(pid) / MiB);
}
