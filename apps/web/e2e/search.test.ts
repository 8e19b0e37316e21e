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
    await page.getByLabel(nl.search.label).fill('verward persoon');
    await page.keyboard.press('Enter');
    const result = page.getByRole('link', { name: STATEMENT });
    await result.waitFor();
    expect(await page.locator('mark').allTextContents()).toEqual(expect.arrayContaining(['Verwarde', 'personen']));
    expect(new URL(page.url()).searchParams.get('q')).toBe('verward persoon');
    await expectNoSeriousA11yViolations(page);
    await result.click();
    await page.getByRole('heading', { level: 1, name: /Netwerkdag Nijmegen/ }).waitFor();
  });

  it('says so when a query has no words, and when nothing is found', async () => {
    await page.goto(`${server.url}/search?q=${encodeURIComponent('"*"')}`);
    await page.getByText(nl.errors.q.required).waitFor();
    await page.goto(`${server.url}/search?q=zeppelin`);
    await page.getByText('Niets gevonden voor ‘zeppelin’.').waitFor();
  });
});
