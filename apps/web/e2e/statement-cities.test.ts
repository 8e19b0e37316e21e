import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import nl from '../src/lib/i18n/nl.json';
import { expectNoSeriousA11yViolations } from './support/a11y.ts';
import { NETWORK, setUpFirstAccount } from './support/accounts.ts';
import { addStatement, moveMeeting } from './support/meetings.ts';
import { SANNE as SECRETARIAT } from './support/people.ts';
import { useKlankbord } from './support/server.ts';

const MEETING = 'Netwerkdag Eindhoven';
const STATEMENT = 'Elke stad heeft een vuurwerkverbod nodig.';
const SECOND = 'Buurtbemiddeling hoort bij elke wijkaanpak.';
const THIRD = 'Handhavers horen een bodycam te dragen.';

/** Today in the Netherlands: the day code works on the meeting's day only. */
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });

describe('the vote per city on a stelling', () => {
  const { server, browser } = useKlankbord();
  let secretariat: BrowserContext;
  let phone: Page;
  let meetingId = 0;
  let statementId = 0;
  let secondId = 0;
  let thirdId = 0;
  let dayCode = '';

  const post = (path: string, data: object) =>
    secretariat.request.post(`${server.url}${path}`, { data, headers: { origin: server.url } });

  /** A guest in the room, with their own device (cookie), who names their organisation and votes. */
  async function guestVotes(code: string, organisation: string, position: string): Promise<void> {
    const device = await browser.newContext();
    try {
      const headers = { origin: server.url };
      const registered = await device.request.post(`${server.url}/api/guest/${code}/voter`, {
        data: { name: `Gast van ${organisation}`, organisation },
        headers,
      });
      expect(registered.status()).toBe(201);
      const voted = await device.request.put(`${server.url}/api/guest/${code}/statements/${statementId}/vote`, {
        data: { position },
        headers,
      });
      expect(voted.status(), await voted.text()).toBe(200);
    } finally {
      await device.close();
    }
  }

  beforeAll(async () => {
    secretariat = await browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true });
    await setUpFirstAccount(secretariat, server.url, SECRETARIAT);
    const response = await post(`/api/networks/${NETWORK.slug}/meetings`, {
      title: MEETING,
      dates: [today()],
      format: 'in-person',
      hostOrganisationId: null,
      venue: 'Evoluon',
    });
    meetingId = ((await response.json()) as { meeting: { id: number } }).meeting.id;
    statementId = await addStatement(secretariat, server.url, meetingId, STATEMENT);
    secondId = await addStatement(secretariat, server.url, meetingId, SECOND);
    thirdId = await addStatement(secretariat, server.url, meetingId, THIRD);
    await moveMeeting(secretariat, server.url, meetingId, 'published', 'live');
    expect((await post(`/api/statements/${statementId}/voting`, { open: true })).status()).toBe(200);
    const turnedOn = await post(`/api/meetings/${meetingId}/day-code`, { enabled: true });
    const { code } = ((await turnedOn.json()) as { dayCode: { code: string } }).dayCode;
    dayCode = code;
    // Three from Utrecht, spelled three ways; one each from Breda, Assen and Tilburg.
    await guestVotes(code, 'Gemeente Utrecht', 'agree');
    await guestVotes(code, 'utrecht', 'agree');
    await guestVotes(code, ' UTRECHT ', 'neutral');
    await guestVotes(code, 'Gemeente Breda', 'disagree');
    await guestVotes(code, 'Assen', 'agree');
    await guestVotes(code, 'Tilburg', 'neutral');
    phone = await secretariat.newPage();
  });

  it('shows a city with three voters and hides the cities with one, on a phone of 360 px', async () => {
    await phone.goto(`${server.url}/networks/${NETWORK.slug}/meetings/${meetingId}#stelling-${statementId}`);
    const card = phone.getByRole('article', { name: STATEMENT });
    const table = card.getByRole('table', { name: nl.statements.cities.caption });
    await table.waitFor();
    const utrecht = table.getByRole('row').filter({ has: phone.getByRole('rowheader', { name: 'Utrecht' }) });
    expect(await utrecht.getByRole('cell').allTextContents()).toEqual(['2', '1', '0']);
    const other = table
      .getByRole('row')
      .filter({ has: phone.getByRole('rowheader', { name: nl.statements.cities.other }) });
    expect(await other.getByRole('cell').allTextContents()).toEqual(['1', '1', '1']);
    // Breda, Assen and Tilburg had one voter each: no row, and not a word of them anywhere in the stelling.
    expect(await table.getByRole('row').count()).toBe(3);
    expect(await card.textContent()).not.toMatch(/Breda|Assen|Tilburg/);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // The table fits its stelling's card: no column is cut off on the phone.
    const fits = await table.evaluate((node) => {
      const card = node.closest('article')!.getBoundingClientRect();
      return node.getBoundingClientRect().right <= card.right + 0.5 && node.scrollWidth <= node.clientWidth + 0.5;
    });
    expect(fits).toBe(true);
    await card.screenshot({ path: '/tmp/statement-cities-360.png' });
    await expectNoSeriousA11yViolations(phone);
  });

  it('says when voting closes and switches to closed by itself at that moment, without a reload', async () => {
    const closesAt = Date.now() + 3000;
    expect((await post(`/api/statements/${secondId}/voting`, { open: true, closesAt })).status()).toBe(200);
    const card = phone.getByRole('article', { name: SECOND });
    await card.getByText(/^Stemmen sluit om \d{1,2}:\d{2}$/).waitFor();
    await card.getByText(nl.statements.votingOpen, { exact: true }).waitFor();
    await card.screenshot({ path: '/tmp/statement-deadline-360.png' });
    await card.getByText(nl.statements.votingClosed, { exact: true }).waitFor({ timeout: 10_000 });
    expect(Date.now()).toBeGreaterThanOrEqual(closesAt);
    expect(await card.getByText(/^Stemmen sluit om/).count()).toBe(0);
  });

  it('lets the secretariaat choose a closing time with the keyboard when opening voting', async () => {
    const card = phone.getByRole('article', { name: THIRD });
    await card.getByLabel(nl.statements.closing.label).selectOption({ label: 'Na 1 minuut' });
    const before = Date.now();
    await card.getByRole('button', { name: nl.statements.openVoting }).focus();
    await phone.keyboard.press('Enter');
    await card.getByText(/^Stemmen sluit om \d{1,2}:\d{2}$/).waitFor();
    const list = await secretariat.request.get(`${server.url}/api/meetings/${meetingId}/statements`);
    const { statements } = (await list.json()) as { statements: { id: number; votingClosesAt: number | null }[] };
    const closesAt = statements.find((statement) => statement.id === thirdId)?.votingClosesAt ?? 0;
    expect(closesAt - before).toBeGreaterThanOrEqual(59_000);
    expect(closesAt - before).toBeLessThanOrEqual(61_000 + (Date.now() - before));
    // Opened, the choice gives way to the closing time; the select is for a stelling not yet open.
    expect(await card.getByLabel(nl.statements.closing.label).count()).toBe(0);

    // A guest in the room sees it too, on the day code's page.
    const guest = await browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true });
    try {
      const registered = await guest.request.post(`${server.url}/api/guest/${dayCode}/voter`, {
        data: { name: 'Gast met telefoon', organisation: 'Eindhoven' },
        headers: { origin: server.url },
      });
      expect(registered.status()).toBe(201);
      const page = await guest.newPage();
      await page.goto(`${server.url}/s/${dayCode}`);
      const onGuestPage = page.getByRole('article', { name: THIRD });
      await onGuestPage.getByText(/^Stemmen sluit om \d{1,2}:\d{2}$/).waitFor();
    } finally {
      await guest.close();
    }
  });

  it('shows the vote per city on the projector, for the room', async () => {
    const desk = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await desk.addCookies(await secretariat.cookies());
    const page = await desk.newPage();
    await page.goto(`${server.url}/networks/${NETWORK.slug}/meetings/${meetingId}/statements/${statementId}/projector`);
    const table = page.getByRole('table', { name: nl.statements.cities.caption });
    await table.getByRole('rowheader', { name: 'Utrecht' }).waitFor();
    expect(await table.getByRole('row').count()).toBe(3);
    await page.screenshot({ path: '/tmp/statement-cities-projector-1280.png', fullPage: true });
    await desk.close();
  });
});
