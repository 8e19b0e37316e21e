import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PAGE_BUDGETS, SECOND_VISIT_BUDGET } from '../scripts/budgets.ts';
import nl from '../src/lib/i18n/nl.json';
import { NETWORK, setUpFirstAccount } from './support/accounts.ts';
import { createMeeting, moveMeeting } from './support/meetings.ts';
import { fill } from './support/messages.ts';
import { SANNE } from './support/people.ts';
import { useKlankbord } from './support/server.ts';

interface Fetched {
  url: string;
  type: string;
  encoding: string | undefined;
  /** Bytes that came over the network, headers included; 0 when the browser's cache answered. */
  transferred: number;
}

/**
 * Records what a page fetches, from Chromium's own network events (DevTools protocol), so that the sizes are
 * those on the wire after compression. `take` returns what was fetched since the last call.
 */
async function watchNetwork(context: BrowserContext, page: Page): Promise<{ take: () => Fetched[] }> {
  const cdp = await context.newCDPSession(page);
  const seen = new Map<string, Omit<Fetched, 'transferred'>>();
  let finished: Fetched[] = [];
  cdp.on('Network.responseReceived', ({ requestId, type, response }) => {
    const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    seen.set(requestId, { url: response.url, type, encoding: headers['content-encoding'] });
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const response = seen.get(requestId);
    if (response) finished.push({ ...response, transferred: encodedDataLength });
  });
  await cdp.send('Network.enable');
  return {
    take() {
      const taken = finished;
      finished = [];
      return taken;
    },
  };
}

const sum = (fetched: Fetched[]): number => fetched.reduce((total, f) => total + f.transferred, 0);
const scripts = (fetched: Fetched[]): Fetched[] => fetched.filter((f) => f.type === 'Script');
const budget = (name: string): number => {
  const found = PAGE_BUDGETS.find((b) => b.name.startsWith(name));
  if (!found) throw new Error(`No budget for ${name} in scripts/budgets.ts`);
  return found.maxBytes;
};

/** The built file of the editor, which the editor loader imports (from the manifest Vite wrote). */
function editorChunk(): string {
  const manifest = JSON.parse(
    readFileSync(new URL('../.svelte-kit/output/client/.vite/manifest.json', import.meta.url), 'utf8'),
  ) as Record<string, { file: string }>;
  const chunk = manifest['src/lib/components/rich-text/RichTextEditor.svelte'];
  if (!chunk) throw new Error('The build has no chunk of its own for the editor');
  return `/${chunk.file}`;
}

// The service worker is blocked: these measure what the server's compression and cache headers give a browser
// (its HTTP cache), not the copies the worker keeps for offline use.
describe('what a browser fetches of the web app', () => {
  const { server, browser } = useKlankbord();
  let secretariat: BrowserContext;

  beforeAll(async () => {
    secretariat = await browser.newContext({ serviceWorkers: 'block' });
    await setUpFirstAccount(secretariat, server.url, SANNE);
  });

  it('a signed-out first visit stays within its JavaScript budget, compressed, and a second visit comes from the cache', async () => {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    const network = await watchNetwork(context, page);

    await page.goto(`${server.url}/`);
    await page.waitForURL('**/login');
    await page.getByRole('button', { name: nl.login.submit }).waitFor();
    await page.waitForLoadState('networkidle');
    const first = network.take();
    const firstScripts = scripts(first);
    expect(firstScripts.length).toBeGreaterThan(0);
    for (const script of firstScripts) expect(script.encoding, script.url).toMatch(/^(br|gzip)$/);
    console.info(`first visit: ${firstScripts.length} scripts, ${sum(firstScripts)} bytes transferred`);
    expect(sum(firstScripts)).toBeLessThanOrEqual(budget('first visit'));

    await page.goto(`${server.url}/`);
    await page.waitForURL('**/login');
    await page.getByRole('button', { name: nl.login.submit }).waitFor();
    await page.waitForLoadState('networkidle');
    const second = network.take();
    console.info(`second visit: ${second.length} responses, ${sum(second)} bytes transferred`);
    expect(scripts(second).filter((script) => script.transferred > 0)).toEqual([]);
    expect(sum(second)).toBeLessThanOrEqual(SECOND_VISIT_BUDGET.maxBytes);
    await context.close();
  });

  it('the verslag, editor included, stays within its budget; the editor says it is loading until it is there', async () => {
    const title = 'Netwerkdag voorjaar 2027';
    const id = await createMeeting(secretariat, server.url, title);
    await moveMeeting(secretariat, server.url, id, 'published', 'live', 'reporting');
    const page = await secretariat.newPage();
    const network = await watchNetwork(secretariat, page);
    // Hold the editor back, so that its loading state can be seen; then let it through.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(`**${editorChunk()}`, async (route) => {
      await held;
      await route.continue();
    });

    await page.goto(`${server.url}/networks/${NETWORK.slug}/meetings/${id}/report`);
    const loading = page.getByRole('status').filter({ hasText: nl.richText.loading });
    await loading.waitFor();
    expect(await loading.getAttribute('aria-busy')).toBe('true');
    release();
    const editor = page.getByRole('textbox', { name: fill(nl.report.editorLabel, { meeting: title }) });
    await editor.waitFor();
    expect(await loading.count()).toBe(0);
    await editor.click();
    await page.keyboard.type('Opening door de voorzitter');
    await expect.poll(() => editor.textContent()).toContain('Opening door de voorzitter');

    await page.waitForLoadState('networkidle');
    const verslagScripts = scripts(network.take());
    expect(verslagScripts.map((script) => new URL(script.url).pathname)).toContain(editorChunk());
    console.info(`verslag: ${verslagScripts.length} scripts, ${sum(verslagScripts)} bytes transferred`);
    expect(sum(verslagScripts)).toBeLessThanOrEqual(budget('verslag'));
  });
});
