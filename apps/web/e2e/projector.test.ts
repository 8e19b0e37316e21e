import type { BrowserContext, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import nl from '../src/lib/i18n/nl.json';
import { expectNoSeriousA11yViolations } from './support/a11y.ts';
import { addMember, NETWORK, setUpFirstAccount } from './support/accounts.ts';
import { addStatement, moveMeeting } from './support/meetings.ts';
import { fill } from './support/messages.ts';
import { DAAN as MEMBER, SANNE as SECRETARIAT } from './support/people.ts';
import { useKlankbord } from './support/server.ts';

const MEETING = 'Netwerkdag Eindhoven';
const FIRST = 'Cameratoezicht hoort bij elk uitgaansgebied.';
const SECOND = 'Een vuurwerkverbod is beter te handhaven dan vuurwerkvrije zones.';

/** Today in the Netherlands, where the netwerkdag is held: the day code works on this day only. */
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });

describe('the netwerkdag itself: today first, one-tap voting, the projector and guests with a day code', () => {
  const { server, browser } = useKlankbord();
  let secretariat: BrowserContext;
  let member: BrowserContext;
  let guestContext: BrowserContext;
  let desk: Page;
  let phone: Page;
  let guest: Page;
  let meetingId = 0;
  let firstId = 0;
  let secondId = 0;
  let shortLink = '';

  beforeAll(async () => {
    secretariat = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    member = await browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true });
    guestContext = await browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true });
    await setUpFirstAccount(secretariat, server.url, SECRETARIAT);
    await addMember(secretariat, member, server.url, MEMBER, 'deelnemer');
    const response = await secretariat.request.post(`${server.url}/api/networks/${NETWORK.slug}/meetings`, {
      data: { title: MEETING, dates: [today()], format: 'in-person', hostOrganisationId: null, venue: 'Evoluon' },
      headers: { origin: server.url },
    });
    meetingId = ((await response.json()) as { meeting: { id: number } }).meeting.id;
    firstId = await addStatement(secretariat, server.url, meetingId, FIRST);
    secondId = await addStatement(secretariat, server.url, meetingId, SECOND);
    await moveMeeting(secretariat, server.url, meetingId, 'published', 'live');
    const opened = await secretariat.request.post(`${server.url}/api/statements/${firstId}/voting`, {
      data: { open: true },
      headers: { origin: server.url },
    });
    expect(opened.status()).toBe(200);
    desk = await secretariat.newPage();
    phone = await member.newPage();
    guest = await guestContext.newPage();
  });

  /** The row of a result chart (by its caption) for one position, e.g. "Eens". */
  function chartRow(page: Page, caption: RegExp, position: string): Locator {
    return page
      .getByRole('table', { name: caption })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: position, exact: true }) });
  }
  const members = new RegExp(`^${nl.statements.chart.caption} –`);
  const guests = new RegExp(`^${nl.statements.guestChart.replace(/[()]/g, '\\$&')} –`);

  async function waitForCount(page: Page, caption: RegExp, position: string, count: number): Promise<void> {
    await chartRow(page, caption, position)
      .getByRole('cell')
      .filter({ hasText: new RegExp(`\\b${count} \\(`) })
      .waitFor();
  }

  it('fills the big screen with the stelling, its result and a QR code to vote, without the site’s header', async () => {
    await desk.goto(`${server.url}/networks/${NETWORK.slug}/meetings/${meetingId}/statements/${firstId}/projector`);
    await desk.getByRole('heading', { level: 1, name: FIRST }).waitFor();
    expect(await desk.locator('.site-header').count()).toBe(0);
    expect(await desk.locator('footer').count()).toBe(0);
    const box = await desk.locator('.projector').boundingBox();
    expect(box?.width).toBe(1920);
    expect(box?.height).toBeGreaterThanOrEqual(1080);
    const headingSize = await desk
      .getByRole('heading', { level: 1 })
      .evaluate((h) => Number.parseFloat(getComputedStyle(h).fontSize));
    expect(headingSize).toBeGreaterThanOrEqual(64);
    await desk.getByText(fill(nl.projector.position, { index: 1, count: 2 })).waitFor();
    await desk.getByText(nl.statements.votingOpen, { exact: true }).waitFor();

    // Before a day code is on, the QR code leads members to the netwerkdag's own page.
    const qr = desk.getByRole('img', { name: /^QR-code om te stemmen: / });
    expect(await qr.evaluate((node) => node.tagName.toLowerCase())).toBe('svg');
    expect(await qr.getAttribute('aria-label')).toContain(`/networks/${NETWORK.slug}/meetings/${meetingId}`);

    // The secretariaat turns on the day code: the QR code and the short link now lead to the guests' page.
    await desk.getByText(nl.projector.dayCode.title).click();
    await desk.getByRole('button', { name: nl.projector.dayCode.on }).click();
    const status = desk.getByRole('status').filter({ hasText: /De dagcode [A-Z0-9]{8} staat aan/ });
    await status.waitFor();
    const code = /De dagcode ([A-Z0-9]{8})/.exec((await status.textContent()) ?? '')?.[1] ?? '';
    expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    const link = desk.getByRole('link', { name: new RegExp(`/s/${code}$`) });
    await link.waitFor();
    shortLink = (await link.getAttribute('href')) ?? '';
    expect(shortLink).toBe(`${server.url}/s/${code}`);
    expect(await qr.getAttribute('aria-label')).toBe(
      fill(nl.projector.qrLabel, { url: shortLink.replace(/^https?:\/\//, '') }),
    );
    await expectNoSeriousA11yViolations(desk);
  });

  it('puts today’s netwerkdag first for a deelnemer, who votes in one tap and sees it count on the projector', async () => {
    await phone.goto(`${server.url}/networks`);
    const today = phone.getByRole('region', { name: nl.today.title });
    await today.getByRole('link', { name: MEETING }).waitFor();
    await today.getByText(FIRST).first().waitFor();
    await expectNoSeriousA11yViolations(phone);
    await today.getByRole('link', { name: nl.today.vote }).click();
    await phone.waitForURL(`**/meetings/${meetingId}#stelling-${firstId}`);

    // With voting open, the stellingen come before everything else of the netwerkdag.
    const statementsFirst = await phone.evaluate(() => {
      const statements = document.getElementById('stellingen');
      const details = document.getElementById('details-heading');
      return Boolean(
        statements && details && statements.compareDocumentPosition(details) & Node.DOCUMENT_POSITION_FOLLOWING,
      );
    });
    expect(statementsFirst).toBe(true);
    // The stelling never opened says nothing about voting.
    const second = phone.locator(`#stelling-${secondId}`);
    await second.getByRole('heading', { name: SECOND }).waitFor();
    expect(await second.getByText(nl.statements.votingClosed).count()).toBe(0);

    await phone.getByRole('button', { name: nl.statements.positions.agree, exact: true }).first().tap();
    await waitForCount(desk, members, nl.statements.positions.agree, 1);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });

  it('steps to the next stelling with the keyboard, opening its voting when the secretariaat chooses so', async () => {
    await desk.getByLabel(nl.projector.openOnStep).check();
    await desk.locator('body').press('ArrowRight');
    await desk.getByRole('heading', { level: 1, name: SECOND }).waitFor();
    await desk.waitForURL(`**/statements/${secondId}/projector`);
    await desk.getByText(fill(nl.projector.position, { index: 2, count: 2 })).waitFor();
    await desk.getByText(nl.statements.votingOpen, { exact: true }).waitFor();
    await waitForCount(desk, members, nl.statements.positions.agree, 0);

    await desk.locator('body').press('PageUp');
    await desk.getByRole('heading', { level: 1, name: FIRST }).waitFor();
    await waitForCount(desk, members, nl.statements.positions.agree, 1);
  });

  it('lets a guest without an account vote once through the short link, counted apart from the members', async () => {
    await guest.goto(shortLink);
    await guest.getByRole('heading', { level: 1, name: MEETING }).waitFor();
    await guest.getByLabel(nl.guestVote.name).fill('Ada Spreker');
    await guest.getByLabel(nl.guestVote.organisation).fill('Universiteit Utrecht');
    await guest.getByRole('button', { name: nl.guestVote.start }).tap();
    const first = guest.getByRole('article', { name: FIRST });
    await first.waitFor();
    await expectNoSeriousA11yViolations(guest);
    await first.getByRole('button', { name: nl.statements.positions.disagree, exact: true }).tap();
    await first.getByText(fill(nl.guestVote.yourVote, { position: nl.statements.positions.disagree })).waitFor();
    expect(await first.getByRole('button').count()).toBe(0);
    expect(await guest.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // The projector shows the guests' vote in its own chart; the members' chart is unchanged.
    await waitForCount(desk, guests, nl.statements.positions.disagree, 1);
    await waitForCount(desk, members, nl.statements.positions.disagree, 0);
    await waitForCount(desk, members, nl.statements.positions.agree, 1);

    // A second vote from the same device is refused by the server, even past the page.
    const again = await guestContext.request.put(
      `${server.url}/api/guest/${shortLink.split('/').at(-1)}/statements/${firstId}/vote`,
      {
        data: { position: 'agree' },
        headers: { origin: server.url },
      },
    );
    expect(again.status()).toBe(409);
    await waitForCount(desk, guests, nl.statements.positions.disagree, 1);
  });
});
