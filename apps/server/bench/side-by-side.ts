/**
 * Our collaboration server side by side with the two servers people would pick instead, in the same run: the
 * reference `@y/websocket-server` with y-leveldb, and Hocuspocus 3 with its SQLite extension. Each runs as its own
 * process on its own loopback port and a fresh data directory; stock clients drive them from separate processes
 * (bench/peers/driver.ts). Runs are interleaved across servers (A, B, C, A, B, C, …) and each figure is the median
 * of its runs. Prints a table, writes the runs to apps/server/.bench/side-by-side.json and the table with the
 * machine into docs/performance.md between the side-by-side markers.
 *
 * `cd apps/server && npm run build && npx tsx bench/side-by-side.ts [--quick] [--only=fan-out|rooms|trace|crash|big-write]`
 * Ours runs from its production bundle, dist/main.js: build first (`pnpm bench` does).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bigWrite } from './peers/big-write.ts';
import { crash } from './peers/crash.ts';
import { fanOut } from './peers/fan-out.ts';
import { manyRooms } from './peers/many-rooms.ts';
import { type Context, makeDir, removeDir, type Samples, type Scenario } from './peers/scenario.ts';
import { PEER_TITLES, PEERS, type Peer } from './peers/servers.ts';
import { prepareTraceDocument, traceDocument } from './peers/trace-document.ts';
import { machine, percentile, progress } from './report.ts';

const OUTPUT = new URL('../.bench/side-by-side.json', import.meta.url);
const DOCS = new URL('../../../docs/performance.md', import.meta.url);
const BUNDLE = new URL('../dist/main.js', import.meta.url);
const START = '<!-- side-by-side:start -->';
const END = '<!-- side-by-side:end -->';

const quick = process.argv.includes('--quick');
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const render = process.argv.includes('--render');
const runs = quick ? 1 : 3;

const scenarios: Scenario[] = [
  fanOut(quick),
  manyRooms(quick),
  traceDocument(quick),
  crash(quick),
  bigWrite(quick),
].filter((scenario) => !only || scenario.name === only);
if (scenarios.length === 0) throw new Error(`no scenario called ${only}`);
if (!existsSync(BUNDLE)) throw new Error('build the server first: cd apps/server && npm run build');

/** Samples by scenario run: per peer, per figure, every run's values. Failures by peer and scenario. */
const results: Record<Peer, Samples> = { reference: new Map(), hocuspocus: new Map(), klankbord: new Map() };
const failures: { peer: Peer; scenario: string; run: number; error: string }[] = [];

function gitCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const changed = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).trim() !== '';
    return changed ? `${commit}+changes` : commit;
  } catch {
    return 'unknown';
  }
}

const format = (value: number) => {
  if (Number.isNaN(value)) return 'failed';
  const digits = value >= 100 || value === 0 ? 0 : value >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
};

/** The table's rows: figure, the three servers' medians, and ours divided by the best peer. */
function rows(): string[][] {
  return scenarios.flatMap((scenario) =>
    scenario.figures.map((figure) => {
      const median = (peer: Peer) => {
        const values = results[peer].get(figure.name) ?? [];
        return values.length ? percentile(values, 50) : Number.NaN;
      };
      const [reference, hocuspocus, klankbord] = PEERS.map(median) as [number, number, number];
      const best = Math.min(...[reference, hocuspocus].filter((value) => !Number.isNaN(value)));
      const ratio =
        figure.better === 'lower' && Number.isFinite(best) && best > 0 && !Number.isNaN(klankbord)
          ? `${(klankbord / best).toFixed(2)}`
          : '—';
      return [`${figure.name} (${figure.unit})`, format(reference), format(hocuspocus), format(klankbord), ratio];
    }),
  );
}

function markdownTable(): string {
  const header = ['figure', ...PEERS.map((peer) => PEER_TITLES[peer]), 'Klankbord ÷ best peer'];
  const lines = [header, header.map((_, i) => (i === 0 ? '---' : '---:')), ...rows()];
  return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

function writeDocs(host: ReturnType<typeof machine>, date: string, commit: string, loadAtEnd: number): void {
  const file = fileURLToPath(DOCS);
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/performance.md has no ${START} … ${END} section`);
  const failed = failures.length
    ? `\n\nFailed cells:\n${failures.map((f) => `- ${PEER_TITLES[f.peer]}, ${f.scenario}, run ${f.run}: ${f.error}`).join('\n')}`
    : '';
  const section = `${START}
## Side by side with the servers people would pick instead

\`pnpm bench\` (\`apps/server/bench/side-by-side.ts\`) runs our server (its production bundle, \`dist/main.js\`),
the reference \`@y/websocket-server\` 0.1.1 with y-leveldb (its own \`YPERSISTENCE\` wiring), and Hocuspocus 3.4.4
with \`@hocuspocus/extension-sqlite\` (its defaults: store debounced 2 s, at most 10 s), each as its own process on a
loopback port and a fresh data directory, driven by the stock clients (y-websocket's \`WebsocketProvider\`,
\`@hocuspocus/provider\`) from separate processes. Each figure is the median of ${runs} run(s), interleaved across
servers; lower is better wherever the last column has a ratio. Latency runs from the writer's edit to each other
client's receipt, so it includes the receiving clients' own work (up to 100 clients share one process). A cell
fails when its edits have not all arrived within 30 s, or when the client processes, swamped by what the server
sends, stop answering the bench; a median is over the runs that finished (the raw runs list them). Our server
runs with \`COLLAB_UNLOAD_AFTER_MS=1000\`, its per-user and per-room connection caps raised (every bench client is
the same user) and its rooms spread over 20 networks (a network holds at most 100 notes); otherwise production
defaults. Raw runs: \`apps/server/.bench/side-by-side.json\`; \`--render\` rewrites this section from them.

Measured ${date} at commit \`${commit}\`${commit.endsWith('+changes') ? ' (with uncommitted changes)' : ''} on ${host.cpus} × ${host.cpuModel},
${host.memoryGiB} GiB, Node ${host.node}; load average ${host.loadAverage1m} at the start and ${loadAtEnd} at the end${quick ? ' (a `--quick` run: small counts, one run)' : ''}.

${markdownTable()}${failed}
${END}`;
  writeFileSync(file, text.slice(0, start) + section + text.slice(end + END.length));
}

function printTable(): void {
  const table = rows();
  const header = ['figure', ...PEERS.map((peer) => PEER_TITLES[peer]), 'Klankbord ÷ best peer'];
  const widths = header.map((cell, i) => Math.max(cell.length, ...table.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  process.stdout.write(`${[line(header), ...table.map(line)].join('\n')}\n`);
  for (const failure of failures) process.stdout.write(`failed: ${JSON.stringify(failure)}\n`);
}

/** Rewrites the table and the docs section from the last raw runs, without measuring again. */
function renderAgain(): void {
  const saved = JSON.parse(readFileSync(OUTPUT, 'utf8')) as {
    date: string;
    commit: string;
    machine: ReturnType<typeof machine> & { loadAverage1mAtEnd: number };
    samples: Record<Peer, Record<string, number[]>>;
    failures: typeof failures;
  };
  for (const peer of PEERS) results[peer] = new Map(Object.entries(saved.samples[peer]));
  failures.push(...saved.failures);
  printTable();
  writeDocs(saved.machine, saved.date.slice(0, 16).replace('T', ' '), saved.commit, saved.machine.loadAverage1mAtEnd);
}

async function main(): Promise<void> {
  if (render) return renderAgain();
  const host = machine();
  const commit = gitCommit();
  const date = new Date().toISOString();
  const started = performance.now();
  progress(`${host.cpus} × ${host.cpuModel}, Node ${host.node}, load average ${host.loadAverage1m}; ${runs} run(s)`);
  const scratch = makeDir();
  try {
    let context: Context = { updateFile: '', expectedFile: '', updateV2Bytes: 0 };
    if (scenarios.some((scenario) => scenario.name === 'trace')) {
      progress('building the trace document with Yjs');
      context = prepareTraceDocument(scratch);
    }
    for (let run = 1; run <= runs; run++) {
      for (const scenario of scenarios) {
        for (const peer of PEERS) {
          const at = ((performance.now() - started) / 1000).toFixed(0);
          progress(`[${at} s] run ${run}/${runs}: ${scenario.name} on ${PEER_TITLES[peer]}`);
          try {
            await scenario.run(peer, results[peer], { quick, context });
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            progress(`  failed: ${message}`);
            failures.push({ peer, scenario: scenario.name, run, error: message.split('\n')[0] ?? message });
          }
        }
      }
    }
  } finally {
    removeDir(scratch);
  }

  printTable();

  const loadAtEnd = machine().loadAverage1m;
  mkdirSync(fileURLToPath(new URL('.', OUTPUT)), { recursive: true });
  const raw = Object.fromEntries(PEERS.map((peer) => [peer, Object.fromEntries(results[peer])]));
  writeFileSync(
    OUTPUT,
    `${JSON.stringify({ date, commit, quick, runs, machine: { ...host, loadAverage1mAtEnd: loadAtEnd }, samples: raw, failures }, null, 2)}\n`,
  );
  writeDocs(host, date.slice(0, 16).replace('T', ' '), commit, loadAtEnd);
  progress(
    `done in ${((performance.now() - started) / 60_000).toFixed(1)} min; wrote ${fileURLToPath(OUTPUT)} and docs/performance.md`,
  );
}

await main();
