import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { WRITE_TOKEN } from './support/server.ts';
import { useTestServer } from './support/use-server.ts';

// A web app build in miniature, as the adapter writes it with precompress: each file also as .br and .gz.
const SCRIPT = `export const words = ${JSON.stringify('klankbord '.repeat(500))};\n`;
const webDir = mkdtempSync(join(tmpdir(), 'klankbord-web-'));
mkdirSync(join(webDir, '_app', 'immutable', 'entry'), { recursive: true });
const asset = join(webDir, '_app', 'immutable', 'entry', 'app.Bx3f9a.js');
writeFileSync(asset, SCRIPT);
writeFileSync(`${asset}.br`, brotliCompressSync(SCRIPT));
writeFileSync(`${asset}.gz`, gzipSync(SCRIPT));
writeFileSync(join(webDir, '_app', 'version.json'), '{"version":"1"}');
const PAGE = '<!doctype html><html><head></head><body><script>\n  start();\n</script></body></html>';
writeFileSync(join(webDir, 'index.html'), PAGE);
// The adapter compresses the page too; the server must still send (and hash) the page as written.
writeFileSync(join(webDir, 'index.html.br'), brotliCompressSync(PAGE));
writeFileSync(join(webDir, 'index.html.gz'), gzipSync(PAGE));
afterAll(() => rmSync(webDir, { recursive: true, force: true }));

const ctx = useTestServer(async () => undefined, { env: { WEB_DIR: webDir } });

/** A raw GET (fetch would decode the body and hide what came over the wire). */
function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
    (resolve, reject) => {
      const req = request(`${ctx.server.httpUrl}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('delivering the web app', () => {
  const path = '/_app/immutable/entry/app.Bx3f9a.js';

  it('sends a hashed file brotli- or gzip-compressed as the browser takes it, cached for a year', async () => {
    const brotli = await get(path, { 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.status).toBe(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.body.equals(brotliCompressSync(SCRIPT))).toBe(true);
    expect(brotli.headers['content-type']).toMatch(/javascript/);
    expect(brotli.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(brotli.headers.vary)).toMatch(/accept-encoding/i);
    expect(brotli.body.length).toBeLessThan(SCRIPT.length / 10);

    const gzip = await get(path, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(SCRIPT);

    const plain = await get(path);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(SCRIPT);
  });

  it('answers a built file that is not there with 404, not with the page', async () => {
    const missing = await get('/_app/immutable/entry/gone.Zz9.js');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).not.toMatch(/html/);
  });

  it('revalidates every file without a hash and every page, so a new version reaches people at once', async () => {
    for (const page of ['/_app/version.json', '/', '/index.html', '/networks/ngs']) {
      const response = await get(page, { 'accept-encoding': 'gzip, br' });
      expect(response.status, page).toBe(200);
      expect(response.headers['cache-control'], page).toBe('no-cache');
      if (page === '/_app/version.json') continue;
      // The page as written, its inline start-up script allowed by hash: a compressed page would hash nothing.
      expect(response.body.toString(), page).toBe(PAGE);
      expect(String(response.headers['content-security-policy']), page).toMatch(/script-src 'self' 'sha256-/);
    }
  });

  it('compresses the API’s JSON for a client that takes gzip, and only then', async () => {
    const auth = { authorization: `Bearer ${WRITE_TOKEN}` };
    const json = await get('/api/organisations', { ...auth, 'accept-encoding': 'gzip' });
    expect(json.status).toBe(200);
    expect(json.headers['content-encoding']).toBe('gzip');
    const organisations = JSON.parse(gunzipSync(json.body).toString()) as { organisations: unknown[] };
    expect(organisations.organisations.length).toBeGreaterThan(10);
    const plain = await get('/api/organisations', auth);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.body.toString())).toEqual(organisations);
  });
});
