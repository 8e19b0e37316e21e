/**
 * Search over 10,000 entries: the server's work for one query (the FTS5 match over what the member may see in
 * their networks, and the snippets) on a real SQLite file, for Dutch queries of one to three words.
 * The texts are made from the network's own facts (../shared/domain/netwerk-grote-steden.json), mixed by a
 * seeded generator so every run indexes the same corpus.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNetwork, indexSearchEntry, openDatabase, searchEntries } from '@klankbord/db';
import { matchExpression, queryStems, snippet, stems } from '@klankbord/search';
import { percentile, progress } from './report.ts';

const ENTRIES = 10_000;
const NETWORKS = 4;
const RUNS_PER_QUERY = 20;

const facts = JSON.parse(
  readFileSync(new URL('../../../../shared/domain/netwerk-grote-steden.json', import.meta.url), 'utf8'),
) as { netwerkdagen: { city: string; themes: string[]; programme?: { title: string }[]; statements?: unknown[] }[] };
const phrases = facts.netwerkdagen
  .flatMap((day) => [
    ...day.themes,
    ...(day.programme ?? []).map((item) => item.title),
    ...(day.statements ?? []).map((statement) => (typeof statement === 'string' ? statement : undefined)),
    `Netwerkdag in ${day.city}`,
  ])
  .filter((phrase): phrase is string => typeof phrase === 'string' && phrase.length > 0);
const vocabulary = phrases.join(' ').split(/\s+/).filter(Boolean);

// A small linear congruential generator: the same corpus on every run.
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
const sentence = (length: number) => Array.from({ length }, () => pick(vocabulary)).join(' ');

const dir = mkdtempSync(join(tmpdir(), 'klankbord-bench-search-'));
const db = await openDatabase({ file: join(dir, 'klankbord.sqlite') });
try {
  const networkIds: number[] = [];
  for (let n = 0; n < NETWORKS; n++) {
    networkIds.push((await createNetwork(db, { slug: `net-${n}`, name: `Netwerk ${n}`, purpose: '' }))!.id);
  }
  progress(`indexing ${ENTRIES} entries from ${phrases.length} phrases`);
  const started = performance.now();
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < ENTRIES; i++) {
      const title = pick(phrases);
      const body = `${sentence(60)}. ${pick(phrases)}. ${sentence(120)}.`;
      await indexSearchEntry(trx, {
        networkId: networkIds[i % NETWORKS]!,
        meetingId: null,
        kind: 'statement',
        ref: String(i),
        title,
        body,
        titleStems: stems(title),
        bodyStems: stems(body),
      });
    }
  });
  const indexing = performance.now() - started;

  const queries = [
    'verwarde personen',
    'veiligheid',
    'ondermijning',
    'maatschappelijk ongenoegen',
    'netwerkdag nijmegen',
    'polarisatie jongeren',
    'ge',
  ];
  // A member of two networks who sees their stellingen (the corpus's, which belong to no meeting).
  const memberScope = {
    networkIds: networkIds.slice(0, 2),
    visible: [{ kind: 'statement', refPrefix: null, statuses: [null] }],
  };
  const rows: string[] = [];
  for (const q of queries) {
    const times: number[] = [];
    let found = 0;
    for (let run = 0; run < RUNS_PER_QUERY; run++) {
      const t0 = performance.now();
      const hits = await searchEntries(db, { match: matchExpression(q)!, scopes: [memberScope], limit: 20 });
      const query = queryStems(q);
      const shown = hits.slice(0, 20).map((hit) => snippet(hit.body, query));
      times.push(performance.now() - t0);
      found = shown.length;
    }
    rows.push(
      `| ${q} | ${found} | ${percentile(times, 50).toFixed(2)} ms | ${percentile(times, 95).toFixed(2)} ms | ${Math.max(...times).toFixed(2)} ms |`,
    );
  }
  console.log(
    `Indexed ${ENTRIES} entries in ${(indexing / 1000).toFixed(1)} s (${(indexing / ENTRIES).toFixed(2)} ms each).`,
  );
  console.log('| query | results shown | median | p95 | max |');
  console.log('|---|---|---|---|---|');
  for (const row of rows) console.log(row);
} finally {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
}
