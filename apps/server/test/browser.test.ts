import { fileURLToPath } from 'node:url';
import { launchChromium, waitFor } from '@klankbord/testing';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, connectClient } from './support/clients.ts';
import { removeDataDir, startTestServer, type TestServer, WRITE_TOKEN } from './support/server.ts';

/** The stock y-websocket client bundled as a browser script. */
async function bundleProvider(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./browser/provider-entry.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

describe('the stock WebsocketProvider in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let script: string;

  beforeAll(async () => {
    [server, browser, script] = await Promise.all([startTestServer(), launchChromium(), bundleProvider()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (server) removeDataDir(server.dataDir);
  });

  it('syncs text both ways between a browser and a Node client', async () => {
    const node: Client = await connectClient(server.collabUrl, 'notes:ngs:browser');
    try {
      node.text.insert(0, 'Vanuit Node. ');
      // Any page of the server's origin hosts the injected client; /healthz is JSON, whose CSP allows no script
      // at all (as it should), so the injection bypasses CSP: the web app's own policy is tested elsewhere.
      const page = await browser.newPage({ bypassCSP: true });
      await page.goto(`${server.httpUrl}/healthz`);
      await page.addScriptTag({ content: script });
      await page.evaluate(([url, token]) => globalThis.connectKlankbord(url, 'notes:ngs:browser', token), [
        server.collabUrl,
        WRITE_TOKEN,
      ] as const);
      await page.waitForFunction(() => globalThis.klankbord.provider.synced);
      expect(await page.evaluate(() => globalThis.klankbord.text.toString())).toBe('Vanuit Node. ');

      await page.evaluate(() => globalThis.klankbord.text.insert(globalThis.klankbord.text.length, 'Vanuit Chromium.'));
      await waitFor(() => node.text.toString() === 'Vanuit Node. Vanuit Chromium.', 'Node to see the browser edit');
      await page.close();
    } finally {
      node.destroy();
    }
  });
});
