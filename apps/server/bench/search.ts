/**
 * Search over 100,000 entries in 50 networks: the server's work for one query (the FTS5 match over what the
 * member may see in their networks, and the snippets) on a real SQLite file, for Dutch queries of one and two
 * words, by a member of 2 networks and by a secretariaat of all 50. The texts are made from the network's own
 * facts (../shared/domain/netwerk-grote-steden.json), mixed by a seeded generator so every run indexes the same
 * corpus. Each query is timed right after the bulk load and again after the index is optimised.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createNetwork,
  type Db,
  indexSearchEntry,
  openDatabase,
  optimizeSearchIndex,
  type SearchEntry,
  type SearchScope,
  searchEntries,
} from '@klankbord/db';
import { compoundStems, parseQuery, queryStems, snippet, stems, termStems } from '@klankbord/search';
import { percentile, progress } from './report.ts';

const ENTRIES = 100_000;
const NETWORKS = 50;
const BATCH = 1_000;
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

// The stems of a text are the stems of its words in order, so the corpus's few thousand distinct words are
// stemmed once each; the first entries are checked against stemming the whole text, as the server does.
const stemmed = new Map<string, string>();
const stemsOf = (text: string) => {
  const found = stemmed.get(text) ?? stems(text);
  stemmed.set(text, found);
  return found;
};
const joinStems = (...parts: string[]) => parts.filter(Boolean).join(' ');
function sentence(length: number) {
  const words = Array.from({ length }, () => pick(vocabulary));
  return { text: words.join(' '), stems: joinStems(...words.map(stemsOf)) };
}
function entry(i: number, networkId: number): SearchEntry {
  const title = pick(phrases);
  const [before, phrase, after] = [sentence(60), pick(phrases), sentence(120)];
  const body = `${before.text}. ${phrase}. ${after.text}.`;
  const bodyStems = joinStems(before.stems, stemsOf(phrase), after.stems);
  if (i < 100 && bodyStems !== stems(body)) throw new Error(`the bench's stems differ from the server's: ${body}`);
  const kind = 'statement';
  const partStems = `${compoundStems(title)} ${compoundStems(body)}`.trim();
  return {
    networkId,
    meetingId: null,
    kind,
    ref: String(i),
    title,
    body,
    titleStems: stemsOf(title),
    bodyStems,
    partStems,
  };
}

const queries = [
  'verwarde personen',
  'maatschappelijk ongenoegen',
  'netwerkdag nijmegen',
  'polarisatie jongeren',
  'veiligheid',
  'ondermijning',
  'ge',
  '"verwarde personen"',
  'veiligheidshuizen',
  'camera toezicht',
];

/** Times every query, as the server answers one request: the ranked match, then snippets for the shown. */
async function measure(db: Db, scope: SearchScope): Promise<string[]> {
  const rows: string[] = [];
  for (const q of queries) {
    const times: number[] = [];
    const matching: number[] = [];
    let shown = 0;
    for (let run = 0; run < RUNS_PER_QUERY; run++) {
      const t0 = performance.now();
      const terms = parseQuery(q);
      const hits = await searchEntries(db, { terms, scopes: [scope], limit: 20 });
      matching.push(performance.now() - t0);
      shown = hits.map((hit) => snippet(hit.body, termStems(terms))).length;
      times.push(performance.now() - t0);
    }
    const ms = (value: number) => `${value.toFixed(2)} ms`;
    rows.push(
      `| ${q} | ${queryStems(q).length} | ${shown} | ${ms(percentile(times, 50))} | ${ms(percentile(times, 95))} | ${ms(Math.max(...times))} | ${ms(percentile(matching, 50))} |`,
    );
  }
  return rows;
}

function table(title: string, rows: string[]) {
  console.log(`\n${title}\n`);
  console.log('| query | words | results shown | median | p95 | max | of which the match (median) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}

const dir = mkdtempSync(join(tmpdir(), 'klankbord-bench-search-'));
const db = await openDatabase({ file: join(dir, 'klankbord.sqlite') });
try {
  const networkIds: number[] = [];
  for (let n = 0; n < NETWORKS; n++) {
    networkIds.push((await createNetwork(db, { slug: `net-${n}`, name: `Netwerk ${n}`, purpose: '' }))!.id);
  }
  progress(`indexing ${ENTRIES} entries in ${NETWORKS} networks from ${phrases.length} phrases`);
  let generating = 0;
  const started = performance.now();
  for (let from = 0; from < ENTRIES; from += BATCH) {
    const t0 = performance.now();
    const batch = Array.from({ length: Math.min(BATCH, ENTRIES - from) }, (_, k) =>
      entry(from + k, networkIds[(from + k) % NETWORKS]!),
    );
    generating += performance.now() - t0;
    // One transaction per batch: one commit instead of one per entry.
    await db.transaction().execute(async (trx) => {
      for (const item of batch) await indexSearchEntry(trx, item);
    });
    if ((from + BATCH) % 20_000 === 0) progress(`  ${from + BATCH} entries`);
  }
  const indexing = performance.now() - started - generating;

  // A member of two networks who sees their stellingen (the corpus's, which belong to no meeting).
  const statements = [{ kind: 'statement', refPrefix: null, statuses: [null] }];
  const member = { networkIds: networkIds.slice(0, 2), visible: statements };
  const secretariaat = { networkIds, visible: statements };
  progress('measuring before optimize');
  const fresh = await measure(db, member);
  const t0 = performance.now();
  await optimizeSearchIndex(db);
  const optimizing = performance.now() - t0;
  progress('measuring after optimize');
  const optimised = await measure(db, member);
  const everyNetwork = await measure(db, secretariaat);

  console.log(
    `Indexed ${ENTRIES} entries in ${NETWORKS} networks in ${(indexing / 1000).toFixed(1)} s ` +
      `(${((indexing / ENTRIES) * 1000).toFixed(0)} µs each, batches of ${BATCH}); optimised in ${(optimizing / 1000).toFixed(1)} s.`,
  );
  table('A member of 2 networks, right after the bulk load:', fresh);
  table('A member of 2 networks, after optimize:', optimised);
  table(`A secretariaat of all ${NETWORKS} networks, after optimize:`, everyNetwork);
} finally {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
}
