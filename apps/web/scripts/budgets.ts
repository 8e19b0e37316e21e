/**
 * The JavaScript budgets of the web app, checked after every `vite build` (`pnpm build`): the build fails when a
 * page costs more than its budget, so that a heavy import into a shared module shows up at once, not on
 * conference wifi.
 *
 * A page's cost is what a browser must fetch before the page runs: the static import closure of SvelteKit's two
 * entries, the root layout and error page, and the route's layouts and page, summed as the brotli files the
 * server sends (adapter-static's precompressed `.br`). Chunks loaded with `import()` count only for the pages
 * that show them at once (the verslag shows the editor); other pages never fetch them. A second visit fetches
 * again only what is not under `/_app/immutable/` (those files carry a hash and are cached as immutable), so its
 * budget covers the compressed files outside that folder. Response headers are not counted here; the browser
 * test (e2e/page-weight.test.ts) measures the pages as transferred, headers included.
 *
 * Run: `tsx scripts/budgets.ts [--limit-kb=N]`; `--limit-kb` puts every budget at N kB (the tests use it).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';

/** 1 kB is 1,000 bytes, as browsers' developer tools count. */
const KB = 1000;

export interface Budget {
  /** The page as a reader knows it; printed when it fails. */
  name: string;
  /** SvelteKit route ids whose JavaScript the page loads together (a redirect adds its target). */
  routes: string[];
  /** Modules the page loads with `import()` as soon as it shows (the editor): they count for it too. */
  lazy?: string[];
  maxBytes: number;
}

export const PAGE_BUDGETS: Budget[] = [
  { name: 'first visit, signed out (/ → /login)', routes: ['/', '/login'], maxBytes: 150 * KB },
  {
    name: 'verslag',
    routes: ['/networks/[slug]/meetings/[id]/report'],
    lazy: ['src/lib/components/rich-text/RichTextEditor.svelte'],
    maxBytes: 350 * KB,
  },
];

export const SECOND_VISIT_BUDGET: Budget = {
  name: 'second visit (outside /_app/immutable/)',
  routes: [],
  maxBytes: 30 * KB,
};

export interface Size {
  raw: number;
  brotli: number;
  gzip: number;
}

export interface Measurement extends Budget, Size {
  files: string[];
}

interface ManifestChunk {
  file: string;
  name?: string;
  imports?: string[];
}

/** Measures every budgeted page of the build in `webDir` (apps/web). */
export function measure(webDir: string, budgets = PAGE_BUDGETS, secondVisit = SECOND_VISIT_BUDGET): Measurement[] {
  const buildDir = join(webDir, 'build');
  const manifest: Record<string, ManifestChunk> = JSON.parse(
    readFileSync(join(webDir, '.svelte-kit/output/client/.vite/manifest.json'), 'utf8'),
  );
  const byName = new Map(Object.entries(manifest).map(([key, chunk]) => [chunk.name, key]));
  const dictionary = routeDictionary(webDir);

  /** The chunk files `key` loads before it runs: itself and its static imports, transitively. */
  const closure = (key: string, files: Set<string>): void => {
    const chunk = manifest[key];
    if (!chunk) throw new Error(`The Vite manifest has no chunk ${key}; is the build complete?`);
    if (files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) closure(imported, files);
  };
  const node = (name: string): string => {
    const key = byName.get(name);
    if (!key) throw new Error(`The Vite manifest has no ${name}; is the build complete?`);
    return key;
  };

  const pages = budgets.map((budget) => {
    const files = new Set<string>();
    // SvelteKit loads the root error page (nodes/1) with the root layout (nodes/0), before any page.
    for (const entry of ['entry/start', 'entry/app', 'nodes/0', 'nodes/1']) closure(node(entry), files);
    for (const route of budget.routes) {
      const nodes = dictionary[route];
      if (!nodes) throw new Error(`No route ${route} in the build; update scripts/budgets.ts.`);
      const [leaf, layouts = []] = nodes;
      // SvelteKit stores a page that reads server data as the ones' complement of its node number.
      for (const n of [...layouts, leaf < 0 ? ~leaf : leaf]) if (n !== undefined) closure(node(`nodes/${n}`), files);
    }
    for (const module of budget.lazy ?? []) closure(module, files);
    return { ...budget, files: [...files], ...sizes(buildDir, [...files]) };
  });

  const outside = listFiles(buildDir)
    .map((path) => relative(buildDir, path))
    .filter((file) => !file.startsWith('_app/immutable/') && !/\.(br|gz)$/.test(file));
  return [...pages, { ...secondVisit, files: outside, ...sizes(buildDir, outside) }];
}

/** The budgets `measurements` exceed, as messages that name the page, its size and its budget. */
export function overBudget(measurements: Measurement[]): string[] {
  return measurements
    .filter((m) => m.brotli > m.maxBytes)
    .map((m) => `${m.name}: ${kb(m.brotli)} (brotli) is over its budget of ${kb(m.maxBytes)}`);
}

/** SvelteKit's route table from the generated client app: route id → [page node, layout nodes]. */
function routeDictionary(webDir: string): Record<string, [number, (number | undefined)[]?]> {
  const app = readFileSync(join(webDir, '.svelte-kit/generated/client-optimized/app.js'), 'utf8');
  const literal = /export const dictionary = (\{[\s\S]*?\});/.exec(app)?.[1];
  if (!literal) throw new Error('No route dictionary in .svelte-kit/generated/client-optimized/app.js');
  // An object literal of numbers and arrays, which may have holes (not JSON); evaluated with no globals.
  return runInNewContext(`(${literal})`, {});
}

function sizes(buildDir: string, files: string[]): Size {
  const size = (file: string): number => statSync(join(buildDir, file)).size;
  // A file too small to gain from compression has no .br or .gz; the server sends it as it is.
  const compressed = (file: string, ext: string): number => {
    try {
      return size(`${file}.${ext}`);
    } catch {
      return size(file);
    }
  };
  const sum = (f: (file: string) => number): number => files.reduce((total, file) => total + f(file), 0);
  return { raw: sum(size), brotli: sum((f) => compressed(f, 'br')), gzip: sum((f) => compressed(f, 'gz')) };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

function kb(bytes: number): string {
  return `${(bytes / KB).toFixed(1)} kB`;
}

function main(): void {
  const limit = process.argv.find((arg) => arg.startsWith('--limit-kb='))?.slice('--limit-kb='.length);
  if (limit !== undefined && !(Number(limit) >= 0)) throw new Error(`--limit-kb takes a number of kB, not ${limit}`);
  const override = (budget: Budget): Budget =>
    limit === undefined ? budget : { ...budget, maxBytes: Number(limit) * KB };
  const webDir = fileURLToPath(new URL('..', import.meta.url));
  const measurements = measure(webDir, PAGE_BUDGETS.map(override), override(SECOND_VISIT_BUDGET));
  for (const m of measurements) {
    console.log(
      `${m.name}: ${m.files.length} files, ${kb(m.raw)} raw, ${kb(m.gzip)} gzip, ${kb(m.brotli)} brotli (budget ${kb(m.maxBytes)})`,
    );
  }
  const failures = overBudget(measurements);
  if (failures.length > 0) {
    console.error(`JavaScript budget exceeded:\n${failures.map((f) => `  ${f}`).join('\n')}`);
    process.exit(1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
