import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, type ServerProcess, spawnServer } from '@klankbord/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nl from '../src/lib/i18n/nl.json';
import { expectNoSeriousA11yViolations } from './support/a11y.ts';
import { addMember, NETWORK, setUpFirstAccount } from './support/accounts.ts';
import { loadDemoData } from './support/demo-data.ts';
import { fill } from './support/messages.ts';
import { DAAN, SANNE } from './support/people.ts';

// The theme timeline over the network's public history (`pnpm cli demo-data`): a deelnemer reads it on a phone
// with the keyboard, the secretariaat keeps its topics at a desk.

const serverDir = fileURLToPath(new URL('../../server', import.meta.url));
const webBuildDir = fileURLToPath(new URL('../build', import.meta.url));
const SHOTS = process.env.SCREENSHOT_DIR;
const TIMELINE = `/networks/${NETWORK.slug}/timeline`;

/** Nothing on the page is wider than the screen. */
async function expectNoSidewaysScroll(page: Page, width: number): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

/** Buttons, disclosures and the links of the timeline's lists that are less than 44 px tall: too small to tap. */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.button, summary, .topic-table a, a.topic, .links a')]
      .filter((element) => {
        const box = element.getBoundingClientRect();
        return box.height > 0 && box.height < 43.5;
      })
      .map((element) => `${element.tagName} "${element.textContent?.trim().slice(0, 40)}"`),
  );
}

/** Presses Tab until the focus is on the element, as a keyboard user would reach it; fails after `limit` presses. */
async function tabTo(page: Page, isTarget: () => Promise<boolean>, limit = 80): Promise<number> {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press('Tab');
    if (await isTarget()) return presses;
  }
  throw new Error(`not reached with ${limit} presses of Tab`);
}

describe('the theme timeline', () => {
  let dataDir = '';
  let server: ServerProcess;
  let browser: Browser;
  let desk: BrowserContext;
  let phone: BrowserContext;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'klankbord-timeline-'));
    await loadDemoData(dataDir);
    [server, browser] = await Promise.all([
      spawnServer({ serverDir, dataDir, env: { WEB_DIR: webBuildDir } }),
      launchChromium(),
    ]);
    desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    phone = await browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true });
    await setUpFirstAccount(desk, server.url, SANNE);
    await addMember(desk, phone, server.url, DAAN, 'deelnemer');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows a deelnemer on a phone every netwerkdag since 2007, the chart and its table, reachable by keyboard', async () => {
    const page = await phone.newPage();
    await page.goto(`${server.url}/networks/${NETWORK.slug}`);
    await page.getByRole('link', { name: nl.timeline.link }).tap();
    await page.getByRole('heading', { level: 1, name: nl.timeline.title }).waitFor();

    // Eighteen netwerkdagen, oldest first.
    const days = page.locator('ol.timeline > li');
    expect(await days.count()).toBe(18);
    expect(await days.first().locator('.year').textContent()).toBe('2007');
    expect(await days.last().getByRole('heading', { level: 3 }).textContent()).toBe('Netwerkdag Nijmegen');
    // Emmen's Ondermijning belongs to its topic, linked from the timeline.
    const emmen = days.filter({ hasText: 'Netwerkdag Emmen' });
    await emmen
      .getByRole('link', {
        name: fill(nl.timeline.days.topicOf, { topic: 'Ondermijning en georganiseerde criminaliteit' }),
      })
      .waitFor();

    // The chart is a drawing for the eye; the table says the same to a screen reader and a keyboard.
    const chart = page.locator('figure.topic-chart');
    expect(await chart.locator('[aria-hidden="true"]').count()).toBeGreaterThan(0);
    const table = page.getByRole('table', { name: nl.timeline.table.caption });
    await table.waitFor();
    const onrust = table.getByRole('row').filter({ hasText: 'Maatschappelijke onrust' });
    expect(await onrust.getByRole('cell').first().textContent()).toBe('3');
    expect(await onrust.getByRole('cell').nth(1).textContent()).toBe('2015, 2020, 2023');
    // No curation for a deelnemer.
    expect(await page.getByRole('heading', { name: nl.timeline.curation.heading }).count()).toBe(0);

    await expectNoSidewaysScroll(page, 360);
    await expectNoSeriousA11yViolations(page);
    expect(await smallTargets(page)).toEqual([]);
    if (SHOTS) {
      await page.getByRole('heading', { level: 2, name: nl.timeline.chart.heading }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/timeline-360.png` });
      await emmen.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/timeline-days-360.png` });
    }

    // With the keyboard alone: from the top of the page to the topic's link in the table, and on to its page.
    await page.goto(`${server.url}${TIMELINE}`);
    await page.getByRole('heading', { level: 1, name: nl.timeline.title }).waitFor();
    const topicLink = table.getByRole('link', { name: 'Maatschappelijke onrust' });
    const presses = await tabTo(page, () => topicLink.evaluate((link) => link === document.activeElement));
    expect(presses).toBeGreaterThan(1);
    await page.keyboard.press('Enter');
    await page
      .getByRole('heading', { level: 1, name: fill(nl.timeline.topic.title, { topic: 'Maatschappelijke onrust' }) })
      .waitFor();
    const meetings = page.getByRole('region', { name: nl.timeline.topic.meetings }).getByRole('link');
    expect(await meetings.allTextContents()).toEqual([
      'Netwerkdag Nijmegen',
      'Online netwerkdag',
      'Netwerkdag Utrecht',
    ]);
    await page
      .getByRole('region', { name: nl.timeline.topic.reports })
      .getByRole('link', { name: fill(nl.timeline.topic.reportOf, { meeting: 'Netwerkdag Nijmegen' }) })
      .waitFor();
    await page
      .getByRole('region', { name: nl.timeline.topic.statements })
      .getByRole('link', { name: 'Wie zijn we?' })
      .waitFor();
    await expectNoSidewaysScroll(page, 360);
    await expectNoSeriousA11yViolations(page);
    expect(await smallTargets(page)).toEqual([]);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/topic-360.png`, fullPage: true });
    // The verslag link leads to the published verslag.
    await page.getByRole('link', { name: fill(nl.timeline.topic.reportOf, { meeting: 'Netwerkdag Nijmegen' }) }).tap();
    await page.waitForURL(/\/meetings\/\d+\/report\/published$/);
  });

  it('lets the secretariaat at a desk take a suggestion, make a topic and give it a theme, which an open page follows', async () => {
    const page = await desk.newPage();
    await page.goto(`${server.url}${TIMELINE}`);
    await page.getByRole('heading', { level: 2, name: nl.timeline.curation.heading }).waitFor();
    await expectNoSidewaysScroll(page, 1280);
    await expectNoSeriousA11yViolations(page);
    expect(await smallTargets(page)).toEqual([]);
    if (SHOTS) {
      await page.screenshot({ path: `${SHOTS}/timeline-1280.png` });
      await page.getByRole('heading', { level: 2, name: nl.timeline.curation.heading }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/curation-1280.png` });
    }

    // A suggestion, taken with the keyboard.
    const suggestions = page.locator('ul.suggestions > li');
    const before = await suggestions.count();
    expect(before).toBeGreaterThan(0);
    const accept = suggestions.first().getByRole('button', { name: nl.timeline.suggestions.accept, exact: false });
    await accept.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText(nl.timeline.suggestions.accepted).waitFor();
    await expect.poll(() => suggestions.count()).toBeLessThan(before);

    // A deelnemer has the timeline open on a phone meanwhile.
    const watcher = await phone.newPage();
    await watcher.goto(`${server.url}${TIMELINE}`);
    await watcher.getByRole('table', { name: nl.timeline.table.caption }).waitFor();

    // A new topic, and Emmen's Cybercriminaliteit put in it.
    await page.getByLabel(nl.timeline.curation.name).fill('Cybercriminaliteit en digitale veiligheid');
    await page.getByRole('button', { name: nl.timeline.curation.create }).click();
    await page
      .getByRole('status')
      .getByText(fill(nl.timeline.curation.created, { topic: 'Cybercriminaliteit en digitale veiligheid' }))
      .waitFor();
    const editor = page
      .locator('details')
      .filter({ has: page.locator('summary', { hasText: 'Cybercriminaliteit en digitale veiligheid' }) });
    await editor.locator('summary').click();
    await editor.getByLabel(nl.timeline.curation.addLabel).selectOption({ label: 'Cybercriminaliteit (2017)' });
    await editor
      .getByRole('button', {
        name: fill(nl.timeline.curation.addNamed, { topic: 'Cybercriminaliteit en digitale veiligheid' }),
      })
      .click();
    await page
      .locator('ol.timeline > li')
      .filter({ hasText: 'Netwerkdag Emmen' })
      .getByRole('link', {
        name: fill(nl.timeline.days.topicOf, { topic: 'Cybercriminaliteit en digitale veiligheid' }),
      })
      .waitFor();
    const row = page
      .getByRole('table', { name: nl.timeline.table.caption })
      .getByRole('row')
      .filter({ hasText: 'Cybercriminaliteit en digitale veiligheid' });
    expect(await row.getByRole('cell').allTextContents()).toEqual(['1', '2017']);

    // The deelnemer's page follows without a reload.
    await watcher
      .getByRole('table', { name: nl.timeline.table.caption })
      .getByRole('link', { name: 'Cybercriminaliteit en digitale veiligheid' })
      .waitFor({ timeout: 5000 });

    if (SHOTS) await editor.screenshot({ path: `${SHOTS}/topic-editor-1280.png` });

    // Taken out again with the keyboard; its button goes, and the focus goes on from the list's heading.
    const takeOut = editor.getByRole('button', {
      name: fill(nl.timeline.curation.unassignNamed, {
        theme: 'Cybercriminaliteit',
        topic: 'Cybercriminaliteit en digitale veiligheid',
      }),
    });
    await takeOut.focus();
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .getByText(
        fill(nl.timeline.curation.unassigned, {
          theme: 'Cybercriminaliteit',
          topic: 'Cybercriminaliteit en digitale veiligheid',
        }),
      )
      .waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? '')).toMatch(/^topic-\d+-themes$/);
    expect(await row.getByRole('cell').allTextContents()).toEqual(['0', '']);

    // A name that is taken is refused with a message beside the field.
    await page.getByLabel(nl.timeline.curation.name).fill('maatschappelijke ONRUST');
    await page.getByRole('button', { name: nl.timeline.curation.create }).click();
    await page.getByText(nl.errors.topic.taken).waitFor();
    await expectNoSeriousA11yViolations(page);
  });
});
