import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { type Context, Hono } from 'hono';
import type { Config } from '../config.ts';
import { serviceWorkerHeaders, webAppSecurityPolicy } from '../middleware/security-headers.ts';

/** Built files whose names carry their content's hash: they never change, so a browser keeps them a year. */
const IMMUTABLE = /^\/_app\/immutable\//;

/**
 * The built web app (apps/web/build): its files as they are — brotli or gzip when the build made those and the
 * browser takes them —, and index.html for every other path so the single-page app can route; each page with its
 * Content-Security-Policy. Hashed files are cached for a year; everything else is revalidated on every use, so a
 * new version reaches people at once. Nothing when the web app has not been built (the API still works).
 */
export function webAppRoutes(config: Pick<Config, 'webDir'>) {
  const app = new Hono();
  const root = config.webDir;
  if (!root) return app;
  let index: string | null = null;
  // The page itself is always index.html as written (never its .br or .gz): its policy hashes the inline script
  // read from it, and it is small.
  const page = async (c: Context) => {
    index ??= await readFile(join(root, 'index.html'), 'utf8');
    return c.html(index, 200, { 'cache-control': 'no-cache' });
  };
  return app
    .use('*', webAppSecurityPolicy())
    .use('/service-worker.js', serviceWorkerHeaders())
    .get('/', page)
    .get('/index.html', page)
    .use(
      '*',
      serveStatic({
        root,
        precompressed: true,
        onFound: (_path, c) => {
          if (c.req.path === '/service-worker.js') return;
          c.header('cache-control', IMMUTABLE.test(c.req.path) ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      }),
    )
    .get('*', async (c) => {
      // A built file that is not there (an old version's chunk) is a 404, not the page: a script must not get HTML.
      if (/^\/(api|collab|_app)\//.test(c.req.path)) return c.notFound();
      return page(c);
    });
}
