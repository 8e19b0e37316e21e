import adapter from '@sveltejs/adapter-static';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  compilerOptions: { runes: true },
  kit: {
    // A single-page app: the Hono server serves build/ and falls back to index.html for every page route.
    // precompress: every built file also as .br and .gz, which the server sends to browsers that take them.
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', precompress: true, strict: true }),
    typescript: {
      config(tsconfig) {
        tsconfig.include.push('../e2e/**/*.ts', '../vitest.config.ts');
        return tsconfig;
      },
    },
  },
};

export default config;
