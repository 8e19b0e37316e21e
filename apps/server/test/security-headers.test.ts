import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cspDirectives } from '@klankbord/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { WRITE_TOKEN } from './support/server.ts';
import { useTestServer } from './support/use-server.ts';

// A web app build in miniature: an index.html with an inline start-up script as SvelteKit writes one, and assets.
const START = '\n  __kit = { base: "" };\n  import("/_app/start.js");\n';
const webDir = mkdtempSync(join(tmpdir(), 'klankbord-web-'));
mkdirSync(join(webDir, '_app'));
writeFileSync(
  join(webDir, 'index.html'),
  `<!doctype html><html><head><script src="/_app/start.js"></script></head><body><div style="display: contents"><script>${START}</script></div></body></html>`,
);
writeFileSync(join(webDir, '_app', 'start.js'), 'export {};\n');
writeFileSync(join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
afterAll(() => rmSync(webDir, { recursive: true, force: true }));

const ctx = useTestServer(async () => undefined, { env: { WEB_DIR: webDir } });

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${ctx.server.httpUrl}${path}`, { headers });

function expectCommonHeaders(response: Response, path: string): void {
  expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
  expect(response.headers.get('referrer-policy'), path).toBe('same-origin');
  expect(response.headers.get('x-frame-options'), path).toBe('DENY');
  expect(cspDirectives(response.headers.get('content-security-policy')).get('frame-ancestors'), path).toEqual([
    "'none'",
  ]);
}

describe('security headers', () => {
  it('gives the web app’s page, at / and at a deep path, a policy with its inline script by hash only', async () => {
    const hash = `'sha256-${createHash('sha256').update(START).digest('base64')}'`;
    for (const path of ['/', '/networks/ngs/meetings/12/report', '/index.html']) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/);
      expectCommonHeaders(response, path);
      const policy = cspDirectives(response.headers.get('content-security-policy'));
      expect(policy.get('script-src'), path).toEqual(["'self'", hash]);
      expect(policy.get('default-src'), path).toEqual(["'self'"]);
      expect(policy.get('object-src'), path).toEqual(["'none'"]);
      expect(policy.get('base-uri'), path).toEqual(["'self'"]);
      expect(policy.get('form-action'), path).toEqual(["'self'"]);
      expect(policy.get('connect-src'), path).toEqual(["'self'"]);
    }
  });

  it('lets an asset, an API answer and an error load nothing', async () => {
    const responses = {
      '/_app/start.js': await get('/_app/start.js'),
      '/favicon.svg': await get('/favicon.svg'),
      '/api/networks': await get('/api/networks', { authorization: `Bearer ${WRITE_TOKEN}` }),
      '/api/account (401)': await get('/api/account'),
      '/api/nothing-here (404)': await get('/api/nothing-here'),
      '/healthz': await get('/healthz'),
    };
    for (const [path, response] of Object.entries(responses)) {
      expectCommonHeaders(response, path);
      expect(cspDirectives(response.headers.get('content-security-policy')).get('default-src'), path).toEqual([
        "'none'",
      ]);
    }
    expect(responses['/api/networks'].status).toBe(200);
    expect(responses['/api/nothing-here (404)'].status).toBe(404);
  });
});
