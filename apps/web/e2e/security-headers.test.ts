import { cspDirectives } from '@klankbord/testing';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import nl from '../src/lib/i18n/nl.json';
import { NETWORK, setUpFirstAccount } from './support/accounts.ts';
import { writeInReport } from './support/editor.ts';
import { createMeeting, moveMeeting } from './support/meetings.ts';
import { SANNE } from './support/people.ts';
import { useKlankbord } from './support/server.ts';

const TITLE = 'Netwerkdag najaar 2026';

/**
 * A page that records every Content-Security-Policy violation: the `securitypolicyviolation` events (the init
 * script is the browser's own, which the policy does not govern) and Chromium's console reports of them.
 */
async function watchedPage(context: BrowserContext): Promise<{ page: Page; violations: () => Promise<string[]> }> {
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.effectiveDirective} ${event.blockedURI} ${event.sample}`);
    });
  });
  const page = await context.newPage();
  const console: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) console.push(message.text());
  });
  return {
    page,
    violations: async () => [
      ...console,
      ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)),
    ],
  };
}

describe('the security headers of the web app', () => {
  const { server, browser } = useKlankbord();
  let setup: BrowserContext;

  beforeAll(async () => {
    setup = await browser.newContext();
    await setUpFirstAccount(setup, server.url, SANNE);
  });

  it('sends a policy without inline script on the page, at / and at a deep path, and nosniff on an asset', async () => {
    for (const path of ['/', `/networks/${NETWORK.slug}/meetings/1/report`]) {
      const response = await setup.request.get(`${server.url}${path}`);
      const headers = response.headers();
      expect(headers['content-type'], path).toMatch(/^text\/html/);
      const policy = cspDirectives(headers['content-security-policy']);
      expect(policy.get('script-src')?.[0], path).toBe("'self'");
      expect(
        policy
          .get('script-src')
          ?.slice(1)
          .every((source) => source.startsWith("'sha256-")),
        path,
      ).toBe(true);
      expect(policy.get('frame-ancestors'), path).toEqual(["'none'"]);
      expect(policy.get('object-src'), path).toEqual(["'none'"]);
      expect(headers['x-content-type-options'], path).toBe('nosniff');
      expect(headers['referrer-policy'], path).toBe('same-origin');
    }
    const page = await (await setup.request.get(`${server.url}/`)).text();
    const asset = /href="(\/_app\/immutable\/[^"]+\.js)"/.exec(page)?.[1];
    expect(asset).toBeDefined();
    const response = await setup.request.get(`${server.url}${asset}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['x-content-type-options']).toBe('nosniff');
    expect(cspDirectives(response.headers()['content-security-policy']).get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('signs in, opens the verslag and writes in it without a single policy violation', async () => {
    const meetingId = await createMeeting(setup, server.url, TITLE);
    await moveMeeting(setup, server.url, meetingId, 'published', 'live', 'reporting');

    const context = await browser.newContext();
    const { page, violations } = await watchedPage(context);
    await page.goto(`${server.url}/login`);
    await page.getByLabel(nl.fields.email).fill(SANNE.email);
    await page.getByLabel(nl.fields.password).fill(SANNE.password);
    await page.getByLabel(nl.fields.password).press('Enter');
    await page.waitForURL('**/networks');
    await page.getByRole('link', { name: NETWORK.name }).waitFor();

    // Connected (the WebSocket to /collab on this origin got past connect-src) and typing.
    await writeInReport(page, server.url, { id: meetingId, title: TITLE }, 'Opening door de burgemeester.');

    expect(await violations()).toEqual([]);
    await context.close();
  });
});
