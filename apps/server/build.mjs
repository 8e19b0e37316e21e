// Bundles the server into dist/main.js and the command line into dist/cli.js. Workspace packages are TypeScript sources and get bundled;
// the server's own npm dependencies stay external (better-sqlite3 is a native addon and must; pg is CommonJS that
// requires Node's built-ins, which an ESM bundle cannot), except zod: bundled,
// it is one module instead of a hundred (every locale it ships), some megabytes less for an idle server.
// Code splitting: what the server loads only on first use (`import()`: the verslag's renderers) becomes a chunk of
// its own beside main.js, so an idle server never reads or compiles it. Chunks sit in dist/ itself: bundled modules
// find the seed file and the web app relative to import.meta.url.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const bundled = new Set(['zod']);
const external = Object.keys(pkg.dependencies).filter((name) => !name.startsWith('@klankbord/') && !bundled.has(name));

// dist/ is not emptied first: a server already running from it loads its chunks on first use, and `pnpm cli`
// rebuilds beside it. A chunk's name carries its content's hash, so an older chunk is never overwritten.
await build({
  entryPoints: { main: 'src/main.ts', cli: 'src/cli/index.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  splitting: true,
  // Without comments and indentation: V8 keeps every loaded module's source in memory, and a single non-ASCII
  // character in a comment makes it store a whole chunk at two bytes a character. Names are kept for stack traces.
  minifyWhitespace: true,
  chunkNames: 'chunk-[hash]',
  target: 'node20',
  sourcemap: true,
  external,
  logLevel: 'warning',
});
