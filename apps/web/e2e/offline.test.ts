import { EXAMPLE_DESCRIPTION_FIELD } from '@klankbord/domain';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nl from '../src/lib/i18n/nl.json';
import { expectNoSeriousA11yViolations } from './support/a11y.ts';
import { NETWORK, setUpFirstAccount } from './support/accounts.ts';
import { type CollabClient, connectAs } from './support/collab.ts';
import { fill } from './support/messages.ts';
import { SANNE } from './support/people.ts';
import { useKlankbord } from './support/server.ts';

const TITLE = 'Wijkagent op de fiets';

describe('offline: the app opens without a connection, and what was typed offline is sent from any page', () => {
  const { server, browser } = useKlankbord();
  let context: BrowserContext;
  let page: Page;
  let examplePath = '';
  // The server's view of the voorbeeld: the stock client in Node, which the browser's going offline does not touch.
  let observer: CollabClient;

  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true });
    await setUpFirstAccount(context, server.url, SANNE);
    const response = await context.request.post(`${server.url}/api/networks/${NETWORK.slug}/examples`, {
      data: { title: TITLE },
      headers: { origin: server.url },
    });
    expect(response.status()).toBe(201);
    const { example } = (await response.json()) as { example: { id: number; document: string } };
    examplePath = `/networks/${NETWORK.slug}/examples/${example.id}`;
    observer = await connectAs(context, server.url, example.document);
    await observer.synced;
    page = await context.newPage();
  });

  afterAll(() => observer?.destroy());

  const editor = (): Locator => page.getByRole('textbox', { name: fill(nl.examples.editorLabel, { title: TITLE }) });
  // The header's polite status line about changes the server has not had.
  const unsentStatus = (): Locator => page.getByRole('banner').getByRole('status');
  const oneUnsent = (): Promise<void> => unsentStatus().getByText('1 wijziging nog niet verstuurd').waitFor();
  const onServer = (): string => observer.doc.getXmlFragment(EXAMPLE_DESCRIPTION_FIELD).toString();

  it('serves its service worker fresh, with a policy that lets it fetch only from this site', async () => {
    const response = await context.request.get(`${server.url}/service-worker.js`);
    expect(response.status()).toBe(200);
    expect(response.headers()['cache-control']).toBe('no-cache');
    expect(response.headers()['content-security-policy']).toBe("default-src 'none'; connect-src 'self'");
  });

  it('opens a voorbeeld opened before without a connection, keeps what is typed, and sends it from another page', async () => {
    await page.goto(`${server.url}/`);
    // The worker has cached this version's shell once it is active.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.goto(`${server.url}${examplePath}`);
    await page.getByText(nl.examples.saveState.saved).waitFor();

    await context.setOffline(true);
    await page.getByText(nl.collab.status.offline).waitFor();
    await editor().click();
    await page.keyboard.type('Offline getypt op de fiets.');
    await page.getByText(nl.examples.saveState.waiting).waitFor();
    await oneUnsent();

    // To another page within the app: the voorbeeld's own connection is gone, the header still counts the change.
    await page.getByRole('link', { name: nl.layout.networks }).click();
    await page.getByText(nl.errors.network).waitFor();
    await oneUnsent();

    // Reloading the voorbeeld offline shows the app — its header, a message that the server cannot be reached —
    // served by the service worker instead of the browser's own error page.
    const reloaded = await page.goto(`${server.url}${examplePath}`);
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await page.getByRole('link', { name: nl.layout.networks }).waitFor();
    await page.getByText(nl.errors.network).waitFor();
    await oneUnsent();
    await expectNoSeriousA11yViolations(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // Another page, still offline; nothing has reached the server.
    await page.getByRole('link', { name: nl.layout.search }).click();
    await page.waitForURL((url) => url.pathname === '/search');
    expect(onServer()).not.toContain('Offline getypt');

    // Back online, without opening the voorbeeld again: the outbox sends the change and the header clears.
    await context.setOffline(false);
    await expect.poll(onServer, { timeout: 20_000 }).toContain('Offline getypt op de fiets.');
    await expect.poll(async () => (await unsentStatus().textContent())?.trim()).toBe('');
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.includes('unsent')))).toEqual([]);
  });

  it('keeps only the app shell and its built files in its cache, nothing of the API, after pages that used it', async () => {
    const cached = await page.evaluate(async () => {
      const paths: string[] = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) paths.push(new URL(request.url).pathname);
      }
      return paths;
    });
    // The pages opened before this loaded the voorbeeld and the session from /api and /collab.
    expect(cached).toContain('/');
    expect(cached.filter((path) => path !== '/' && !path.startsWith('/_app/') && !/^\/[^/]+\.\w+$/.test(path))).toEqual(
      [],
    );
  });

  it('forgets the session it kept for offline use, and the local copies, on signing out', async () => {
    await page.goto(`${server.url}/account`);
    expect(await page.evaluate(() => localStorage.getItem('klankbord:session'))).toContain(SANNE.email);
    await page.getByRole('button', { name: nl.account.signOut }).tap();
    await page.getByRole('heading', { level: 1, name: nl.login.title }).waitFor();
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('klankbord:')))).toEqual(
      [],
    );
    expect(await page.evaluate(() => indexedDB.databases())).toEqual([]);

    // Offline and signed out, a page shows the app's static error page (src/error.html), not a remembered session.
    await context.setOffline(true);
    await page.goto(`${server.url}/search`);
    await page.getByRole('heading', { level: 1, name: 'Klankbord is niet bereikbaar' }).waitFor();
    expect(await page.getByRole('link', { name: nl.layout.account }).count()).toBe(0);
    await context.setOffline(false);
  });
});
