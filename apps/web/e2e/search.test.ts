import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import nl from '../src/lib/i18n/nl.json';
import { expectNoSeriousA11yViolations } from './support/a11y.ts';
import { setUpFirstAccount } from './support/accounts.ts';
import { addStatement, createMeeting, moveMeeting } from './support/meetings.ts';
import { SANNE } from './support/people.ts';
import { useKlankbord } from './support/server.ts';

const STATEMENT = 'Verwarde personen horen niet in een politiecel';

describe('searching across the network', () => {
  const { server, browser } = useKlankbord();
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    // A phone: the search box and the results must work at 360 px.
    context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    await setUpFirstAccount(context, server.url, SANNE);
    const meetingId = await createMeeting(context, server.url, 'Netwerkdag Nijmegen');
    await moveMeeting(context, server.url, meetingId, 'published');
    await addStatement(context, server.url, meetingId, STATEMENT, 'Nijmegen werkt met een meldpunt.');
    page = await context.newPage();
  });

  it('finds a stelling by other forms of its words, with the words marked, from the header', async () => {
    await page.goto(`${server.url}/networks`);
    await page.getByRole('link', { name: nl.layout.search }).click();
    await page.getByLabel(nl.search.labelEverything).fill('verward persoon');
    await page.keyboard.press('Enter');
    const result = page.getByRole('link', { name: STATEMENT });
    await result.waitFor();
    expect(await page.locator('mark').allTextContents()).toEqual(expect.arrayContaining(['Verwarde', 'personen']));
    expect(new URL(page.url()).searchParams.get('q')).toBe('verward persoon');
    await expectNoSeriousA11yViolations(page);
    await result.click();
    await page.getByRole('heading', { level: 1, name: /Netwerkdag Nijmegen/ }).waitFor();
  });

  it('finds a phrase in quotes, narrows by kind and netwerkdag with the keyboard, and says where a result belongs', async () => {
    await page.goto(`${server.url}/search`);
    await page.getByText(nl.search.phraseHint).waitFor();
    await page.getByLabel(nl.search.labelEverything).fill('"verwarde personen"');
    await page.keyboard.press('Enter');
    const result = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: STATEMENT }) });
    await result.waitFor();
    // Where it belongs, not when it was indexed: the netwerkdag, its year and the kind of text.
    expect(await result.locator('.belongs').textContent()).toBe('Netwerkdag Nijmegen 2026 · stelling');
    expect(await result.locator('time').count()).toBe(0);

    // The netwerkdag itself is found too; the kind filter keeps only it, chosen and sent with the keyboard.
    await page.getByLabel(nl.search.labelEverything).fill('Nijmegen');
    await page.getByLabel(nl.search.filterKind).selectOption('meeting');
    await page.getByLabel(nl.search.labelEverything).press('Enter');
    await page.getByText(nl.search.filtersActive).waitFor();
    expect(new URL(page.url()).searchParams.get('kind')).toBe('meeting');
    const links = page.locator('ol.results li h2 a');
    await expect.poll(() => links.allTextContents()).toEqual(['Netwerkdag Nijmegen']);
    await expectNoSeriousA11yViolations(page);
    // Every control on the phone is at least 44 px tall, and nothing is wider than the screen.
    for (const control of await page.locator('form[role=search] select, form[role=search] button').all()) {
      expect((await control.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await page.getByRole('button', { name: nl.search.clearFilters }).click();
    await page.waitForURL((url) => !url.searchParams.has('kind'));
    expect(await page.getByLabel(nl.search.filterKind).inputValue()).toBe('');
  });

  it('says so when a query has no words, and when nothing is found', async () => {
    await page.goto(`${server.url}/search?q=${encodeURIComponent('"*"')}`);
    await page.getByText(nl.errors.q.required).waitFor();
    await page.goto(`${server.url}/search?q=zeppelin`);
    await page.getByText('Niets gevonden voor ‘zeppelin’.').waitFor();
  });
});
