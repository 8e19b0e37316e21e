/**
 * Fan-out across instances: the same rooms as the side-by-side fan-out (one writer, N-1 receivers, steady 100
 * edits/s and a burst of 2,000), on one instance and on two behind Redis, with half the receivers on each. Three
 * set-ups in one run: one instance on SQLite (the default), one on PostgreSQL, two on PostgreSQL + Redis. PostgreSQL
 * runs with fsync on, as in production; every update is committed before any instance shows it.
 *
 * `cd apps/server && npm run build && npx tsx bench/scale-out.ts [--quick]`; writes .bench/scale-out.json and the
 * table into docs/performance.md between the scale-out markers.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createDatabase, type PostgresServer, startPostgres, startRedis } from '@klankbord/testing';
import { withDrivers } from './peers/drivers.ts';
import { FAN_OUT_PHASES, fanOutCell, measureRoom } from './peers/fan-out.ts';
import { makeDir, removeDir, type Samples } from './peers/scenario.ts';
import { type PeerServer, startKlankbord } from './peers/servers.ts';
import { machine, percentile, progress } from './report.ts';

const quick = process.argv.includes('--quick');
const SIZES = quick ? [10, 50] : [10, 50, 200];
const PHASES = FAN_OUT_PHASES.filter((phase) => !phase.awareness);
/** Each set-up is measured this many times, taking turns, and the table shows the medians. */
const ROUNDS = quick ? 1 : 3;
const DOCS = new URL('../../../docs/performance.md', import.meta.url);
const OUTPUT = new URL('../../../.bench/scale-out.json', import.meta.url);
const START = '<!-- scale-out:start -->';
const END = '<!-- scale-out:end -->';

interface SetUp {
  title: string;
  start(dataDir: string): Promise<PeerServer[]>;
}

async function main(): Promise<void> {
  const started = performance.now();
  const postgres = await startPostgres({ durable: true });
  const redis = await startRedis();
  let databases = 0;
  const database = (server: PostgresServer) => createDatabase(server, `bench_${++databases}`);
  const setUps: SetUp[] = [
    { title: 'one instance, SQLite', start: async (dir) => [await startKlankbord(dir)] },
    {
      title: 'one instance, PostgreSQL',
      start: async (dir) => [await startKlankbord(dir, { env: { DATABASE_URL: await database(postgres) } })],
    },
    {
      title: 'two instances, PostgreSQL + Redis',
      async start(dir) {
        const env = { DATABASE_URL: await database(postgres), REDIS_URL: redis.url };
        const a = await startKlankbord(dir, { env: { ...env, INSTANCE_ID: 'a' } });
        const b = await startKlankbord(dir, { env: { ...env, INSTANCE_ID: 'b' }, arrange: false });
        return [a, b];
      },
    },
  ];
  const results: Record<string, Record<string, number>> = {};
  const samplesOf = new Map(setUps.map((setUp) => [setUp.title, new Map() as Samples]));
  try {
    for (let round = 1; round <= ROUNDS; round++)
      for (const setUp of setUps) {
        const samples = samplesOf.get(setUp.title)!;
        for (const size of SIZES) {
          progress(`round ${round}/${ROUNDS}, ${setUp.title}: ${size} clients`);
          const dir = makeDir();
          const servers = await setUp.start(dir);
          try {
            const [first, second] = servers;
            await withDrivers(3, (drivers) =>
              measureRoom(
                'klankbord',
                // The writer and the first half of the receivers on the first instance, the rest on the second.
                { writer: first!.target, readers: [first!.target, (second ?? first)!.target] },
                first!.pid,
                size,
                drivers,
                samples,
              ),
            );
          } finally {
            for (const server of servers) await server.stop();
            removeDir(dir);
          }
        }
      }
    for (const setUp of setUps) {
      const samples = samplesOf.get(setUp.title)!;
      results[setUp.title] = Object.fromEntries(
        SIZES.flatMap((size) =>
          PHASES.flatMap((phase) =>
            ['p50', 'p99'].map((p) => {
              const name = `${fanOutCell(size, phase)}: ${p}`;
              return [name, percentile(samples.get(name) ?? [], 50)];
            }),
          ),
        ),
      );
    }
  } finally {
    await redis.remove();
    await postgres.stop();
  }
  mkdirSync(new URL('.', OUTPUT), { recursive: true });
  writeFileSync(OUTPUT, `${JSON.stringify({ machine: machine(), quick, results }, null, 2)}\n`);
  writeTable(results);
  progress(`done in ${((performance.now() - started) / 60_000).toFixed(1)} min; wrote ${fileURLToPath(OUTPUT)}`);
}

function writeTable(results: Record<string, Record<string, number>>): void {
  const titles = Object.keys(results);
  const rows = Object.keys(results[titles[0]!] ?? {});
  const lines = [
    START,
    `| fan-out (ms) | ${titles.join(' | ')} |`,
    `| --- | ${titles.map(() => '---:').join(' | ')} |`,
    ...rows.map((row) => `| ${row} | ${titles.map((title) => results[title]![row]!.toFixed(2)).join(' | ')} |`),
    '',
    `Per-receipt p50 and p99 of each phase, the median of ${ROUNDS} rounds. Measured ${new Date().toISOString().slice(0, 10)} on ${machine().cpus} cores (${machine().cpuModel}), Node ${machine().node}; load average ${machine().loadAverage1m} at the end.`,
    END,
  ];
  const text = readFileSync(DOCS, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  const next =
    start >= 0 && end > start
      ? `${text.slice(0, start)}${lines.join('\n')}${text.slice(end + END.length)}`
      : `${text.trimEnd()}\n\n## Scale-out: fan-out across two instances\n\n${lines.join('\n')}\n`;
  writeFileSync(DOCS, next);
}

await main();
