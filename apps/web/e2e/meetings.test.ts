import type { BrowserContext, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import nl from '../src/lib/i18n/nl.json';
import { expectNoSeriousA11yViolations } from './support/a11y.ts';
import { addMember, NETWORK, setUpFirstAccount } from './support/accounts.ts';
import { DAAN as MEMBER, SANNE as SECRETARIAT } from './support/people.ts';
import { useKlankbord } from './support/server.ts';

const MEETING = 'Netwerkdag voorjaar 2026';
const THEME = 'Carbid en vuurwerk rond de jaarwisseling';
const STATEMENT = 'Een vuurwerkverbod is beter te handhaven dan vuurwerkvrije zones.';

describe('netwerkdagen: themes, live voting on a phone and the projector', () => {
  const { server, browser } = useKlankbord();
  let secretariat: BrowserContext;
  let member: BrowserContext;
  let desk: Page;
  let phone: Page;
  let meetingPath = '';
  let statementId = 0;

  beforeAll(async () => {
    secretariat = await browser.newContext();
    member = await browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true });
    await setUpFirstAccount(secretariat, server.url, SECRETARIAT);
    await addMember(secretariat, member, server.url, MEMBER, 'deelnemer');
    desk = await secretariat.newPage();
    phone = await member.newPage();
  });

  /** The row of a statement's result chart for one position, e.g. "Eens". */
  function chartRow(page: Page, position: string): Locator {
    return page
      .getByRole('table', { name: new RegExp(nl.statements.chart.caption) })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: position, exact: true }) });
  }

  /** Waits until the chart shows `count` votes for the position, as text. */
  async function waitForCount(page: Page, position: string, count: number): Promise<void> {
    await chartRow(page, position)
      .getByRole('cell')
      .filter({ hasText: new RegExp(`\\b${count} \\(`) })
      .waitFor();
  }

  it('lets the secretariaat create a netwerkdag from the overview and propose a theme', async () => {
    await desk.goto(`${server.url}/networks/${NETWORK.slug}`);
    await desk.getByRole('link', { name: nl.network.meetingsLink, exact: true }).click();
    await desk.getByRole('heading', { level: 1, name: nl.meetings.title }).waitFor();
    await desk.getByText(nl.meetings.empty).waitFor();

    await desk.getByText(nl.meetings.new.title).click();
    // Nothing filled in: the form says what is missing before anything is sent.
    await desk.getByRole('button', { name: nl.meetings.new.submit }).click();
    await desk.getByRole('link', { name: nl.errors.title.required }).waitFor();
    await expectNoSeriousA11yViolations(desk);

    await desk.getByLabel(nl.meetings.fields.title, { exact: true }).fill(MEETING);
    await desk.getByLabel('Dag 1').fill('2026-03-12');
    await desk.getByRole('button', { name: nl.meetings.fields.addDay }).click();
    await desk.getByLabel('Dag 2').fill('2026-03-13');
    await desk.getByLabel(nl.meetings.fields.format).selectOption('hybrid');
    const host = desk.getByLabel(nl.meetings.fields.host);
    const tilburg = (await host.locator('option', { hasText: 'Tilburg' }).first().textContent())?.trim() ?? '';
    await host.selectOption({ label: tilburg });
    await desk.getByLabel(nl.meetings.fields.venue).fill('Stadskantoor, Stadhuisplein 130');
    await desk.getByRole('button', { name: nl.meetings.new.submit }).click();

    await desk.waitForURL(/\/meetings\/\d+$/);
    meetingPath = new URL(desk.url()).pathname;
    await desk.getByRole('heading', { level: 1, name: MEETING }).waitFor();
    // The details list (<dl>): its values are definitions.
    const details = desk.getByRole('definition');
    await details.getByText(nl.meetings.status.preparation, { exact: true }).waitFor();
    await details.getByText(nl.meetings.formats.hybrid, { exact: true }).waitFor();
    await details.getByText(tilburg, { exact: true }).waitFor();

    // The details can be corrected later, in the same form.
    await desk.getByText(nl.meetings.edit.title).click();
    await desk.getByLabel(nl.meetings.fields.venue).fill('Theaters Tilburg, Schouwburgring 1');
    await desk.getByRole('button', { name: nl.meetings.edit.submit }).click();
    await desk.getByRole('status').getByText(nl.meetings.edit.saved).waitFor();
    await details.getByText('Theaters Tilburg, Schouwburgring 1', { exact: true }).waitFor();

    await desk.getByLabel(nl.themes.fields.title, { exact: true }).fill(THEME);
    await desk.getByLabel(nl.themes.fields.why).fill('Elk jaar weer onrust in de wijken.');
    await desk.getByRole('button', { name: nl.themes.propose.submit }).click();
    const theme = desk.getByRole('listitem').filter({ has: desk.getByRole('heading', { name: THEME }) });
    await theme.waitFor();
    await theme.getByRole('button', { name: nl.themes.support }).click();
    await theme.getByText(nl.themes.supportedByYou).waitFor();
    await theme.getByRole('button', { name: nl.themes.choose }).click();
    await theme.getByText(nl.themes.chosen, { exact: true }).waitFor();
    await expectNoSeriousA11yViolations(desk);

    await desk.goto(`${server.url}/networks/${NETWORK.slug}/meetings`);
    await desk.getByRole('heading', { level: 2, name: /2026/ }).waitFor();
    await desk.getByRole('link', { name: MEETING }).waitFor();
    await expectNoSeriousA11yViolations(desk);
  });

  it('shows the netwerkdag to a deelnemer only once its programme is published', async () => {
    await phone.goto(`${server.url}/networks/${NETWORK.slug}/meetings`);
    await phone.getByRole('heading', { level: 1, name: nl.meetings.title }).waitFor();
    expect(await phone.getByRole('link', { name: MEETING }).count()).toBe(0);

    await desk.goto(`${server.url}${meetingPath}`);
    await desk.getByRole('button', { name: nl.meetings.transition.to.published }).click();
    await desk.getByRole('definition').getByText(nl.meetings.status.published, { exact: true }).waitFor();

    await phone.reload();
    await phone.getByRole('link', { name: MEETING }).click();
    await phone.getByRole('heading', { level: 1, name: MEETING }).waitFor();
    await phone.getByRole('heading', { name: THEME }).waitFor();
    // Themes are the preparers' business: the deelnemer sees them but cannot support or choose.
    expect(await phone.getByRole('button', { name: new RegExp(nl.themes.support) }).count()).toBe(0);
    await expectNoSeriousA11yViolations(phone);
  });

  it('counts a vote cast on a phone on the secretariaat’s chart without a reload', async () => {
    await desk.getByLabel(nl.statements.fields.text, { exact: true }).fill(STATEMENT);
    await desk.getByRole('button', { name: nl.statements.add.submit }).click();
    await desk.getByRole('heading', { name: STATEMENT }).waitFor();

    await desk.getByRole('button', { name: nl.meetings.transition.to.live }).click();
    await desk.getByRole('button', { name: nl.statements.openVoting }).click();
    await desk.getByText(nl.statements.votingOpen, { exact: true }).waitFor();
    await waitForCount(desk, nl.statements.positions.agree, 0);
    // Survives only as long as the page is not reloaded.
    await desk.evaluate(() => Object.assign(window, { notReloaded: true }));

    // The deelnemer's page has been open all along: the new status and the opened vote arrive live.
    const agree = phone.getByRole('button', { name: nl.statements.positions.agree, exact: true });
    await agree.click();
    await phone.waitForFunction(
      (name) =>
        [...document.querySelectorAll('button[aria-pressed="true"]')].some((b) => b.textContent?.trim() === name),
      nl.statements.positions.agree,
    );
    await waitForCount(desk, nl.statements.positions.agree, 1);

    // A vote can be changed while voting is open; the chart moves it.
    await phone.getByRole('button', { name: nl.statements.positions.disagree, exact: true }).click();
    await waitForCount(desk, nl.statements.positions.disagree, 1);
    await waitForCount(desk, nl.statements.positions.agree, 0);
    expect(await desk.evaluate(() => 'notReloaded' in window)).toBe(true);
    // Nothing on the phone needs sideways scrolling.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await expectNoSeriousA11yViolations(phone);
    await expectNoSeriousA11yViolations(desk);
  });

  it('takes away the vote buttons when voting closes, and the API refuses a late vote', async () => {
    const href = await phone.getByRole('link', { name: nl.statements.projector }).getAttribute('href');
    statementId = Number(href?.match(/statements\/(\d+)\/projector/)?.[1]);
    expect(statementId).toBeGreaterThan(0);

    await desk.getByRole('button', { name: nl.statements.closeVoting }).click();
    await phone.getByText(nl.statements.votingClosed, { exact: true }).waitFor();
    await phone
      .getByRole('button', { name: nl.statements.positions.agree, exact: true })
      .waitFor({ state: 'detached' });

    const late = await member.request.put(`${server.url}/api/statements/${statementId}/vote`, {
      data: { position: 'agree' },
      headers: { origin: server.url },
    });
    expect(late.status()).toBe(409);
    expect(await late.json()).toEqual({ error: 'voting.closed' });
    await waitForCount(desk, nl.statements.positions.disagree, 1);
  });

  it('shows the statement and its live result on the projector', async () => {
    await desk.getByRole('link', { name: nl.statements.projector }).click();
    await desk.waitForURL(`**/statements/${statementId}/projector`);
    await desk.getByRole('heading', { level: 1, name: STATEMENT }).waitFor();
    await waitForCount(desk, nl.statements.positions.disagree, 1);
    await expectNoSeriousA11yViolations(desk);

    // Voting opens again: the projector follows the room's votes as they come in.
    const reopened = await secretariat.request.post(`${server.url}/api/statements/${statementId}/voting`, {
      data: { open: true },
      headers: { origin: server.url },
    });
    expect(reopened.status()).toBe(200);
    await desk.getByText(nl.statements.votingOpen, { exact: true }).waitFor();
    await phone.getByRole('button', { name: nl.statements.positions.neutral, exact: true }).click();
    await waitForCount(desk, nl.statements.positions.neutral, 1);
    await waitForCount(desk, nl.statements.positions.disagree, 0);
  });
});
