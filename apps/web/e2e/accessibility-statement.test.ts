import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../src/lib/i18n/en.json';
import nl from '../src/lib/i18n/nl.json';
import { analyseWithAxe, expectNoSeriousA11yViolations } from './support/a11y.ts';
import { addMember, setUpFirstAccount } from './support/accounts.ts';
import { DIRK, SANNE } from './support/people.ts';
import { useKlankbord } from './support/server.ts';

const SHOTS = process.env.SCREENSHOT_DIR;
const PROBLEM = 'Met alleen het toetsenbord kom ik niet bij de knop Inloggen.';

/** Nothing wider than the window (a 360 px phone scrolls only down). */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
      .map((element) => `${element.tagName.toLowerCase()} "${(element.textContent ?? '').trim().slice(0, 40)}"`),
  );
  expect(wide).toEqual([]);
}

/** Presses Tab until the focused element matches, at most `max` times; fails when it never does. */
async function tabTo(page: Page, matches: (element: Element) => boolean, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluateHandle(() => document.activeElement).then((handle) => handle.evaluate(matches))) return;
  }
  throw new Error('the keyboard never reached the element');
}

describe('the toegankelijkheidsverklaring and its barrier form', () => {
  const { server, browser, mail } = useKlankbord({ mail: true, env: { NOTIFICATION_OUTBOX_MS: '300' } });
  let sanne: BrowserContext;
  let dirk: BrowserContext;

  beforeAll(async () => {
    sanne = await browser.newContext();
    dirk = await browser.newContext();
    await setUpFirstAccount(sanne, server.url, SANNE);
    await addMember(sanne, dirk, server.url, DIRK, 'deelnemer');
  });

  it('is reached from the footer and sends a report with the keyboard alone on a 360 px phone', async () => {
    const visitor = await browser.newContext();
    const page = await visitor.newPage();
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(`${server.url}/login`);
    await page.getByRole('heading', { level: 1, name: nl.login.title }).waitFor();

    // From the sign-in page to the statement through the footer, by keyboard.
    const footerLink = page.getByRole('contentinfo').getByRole('link', { name: nl.accessibility.footerLink });
    expect((await footerLink.boundingBox())?.height).toBeGreaterThanOrEqual(44);
    await tabTo(page, (element) => element.textContent?.trim() === 'Toegankelijkheid');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: nl.accessibility.title }).waitFor();
    expect(new URL(page.url()).searchParams.get('pagina')).toBe('/login');
    for (const heading of [
      nl.accessibility.status.title,
      nl.accessibility.findings.title,
      nl.accessibility.manual.title,
    ])
      await page.getByRole('heading', { level: 2, name: heading }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await expectNoSidewaysScroll(page);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/toegankelijkheid-360.png`, fullPage: true });

    // The page it came from is filled in; a description too short is refused and said so, with the focus on it.
    const pageField = page.getByLabel(nl.accessibility.report.page);
    expect(await pageField.inputValue()).toBe('/login');
    await pageField.focus();
    await tabTo(page, (element) => element.id === 'barrier-description', 3);
    await page.keyboard.type('Kapot');
    await tabTo(page, (element) => element.textContent?.trim() === 'Melding versturen', 3);
    await page.keyboard.press('Enter');
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await summary.textContent()).toContain(nl.errors.barrier.description.tooShort);
    await expectNoSeriousA11yViolations(page);

    await page.getByLabel(nl.accessibility.report.description).fill(PROBLEM);
    await page.getByLabel(nl.accessibility.report.email).fill('melder@example.nl');
    await page.getByLabel(nl.accessibility.report.email).press('Enter');
    await page.getByRole('status').filter({ hasText: nl.accessibility.report.sent }).waitFor();
    expect(await page.getByLabel(nl.accessibility.report.description).inputValue()).toBe('');
    await visitor.close();

    // The secretariaat is mailed about it.
    await expect
      .poll(
        () =>
          mail.messages
            .filter((message) => message.to.includes(SANNE.email))
            .map((m) => m.text)
            .join('\n'),
        {
          timeout: 10_000,
        },
      )
      .toContain('Iemand meldt een toegankelijkheidsprobleem op de pagina /login.');
  });

  it('shows the reports to the secretariaat, who marks one handled by keyboard, and to nobody else', async () => {
    const page = await sanne.newPage();
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(`${server.url}/toegankelijkheid`);
    await page.getByRole('link', { name: nl.accessibility.reportsLink }).click();
    await page.getByRole('heading', { level: 1, name: nl.accessibility.reports.title }).waitFor();
    await page.getByText(PROBLEM).waitFor();
    await page.getByRole('link', { name: 'melder@example.nl' }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await expectNoSidewaysScroll(page);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/toegankelijkheid-meldingen-360.png`, fullPage: true });

    const handle = page.getByRole('button', { name: nl.accessibility.reports.markHandled });
    await handle.focus();
    await page.keyboard.press('Enter');
    const reopen = page.getByRole('button', { name: nl.accessibility.reports.reopen });
    await reopen.waitFor();
    expect(await reopen.evaluate((button) => button === document.activeElement)).toBe(true);
    await page.close();

    // A deelnemer gets no link, and the list is refused.
    const other = await dirk.newPage();
    await other.goto(`${server.url}/toegankelijkheid`);
    await other.getByRole('heading', { level: 1, name: nl.accessibility.title }).waitFor();
    expect(await other.getByRole('link', { name: nl.accessibility.reportsLink }).count()).toBe(0);
    const refused = await other.goto(`${server.url}/toegankelijkheid/meldingen`);
    expect(refused?.ok()).toBe(true);
    await other.getByRole('heading', { level: 1, name: nl.errorPage.title }).waitFor();
    expect(await other.getByText(PROBLEM).count()).toBe(0);
    await other.close();
  });

  it('keeps the secret of an invitation link out of the footer’s link to the statement', async () => {
    const response = await sanne.request.post(`${server.url}/api/networks/netwerk-grote-steden/invitations`, {
      data: { email: 'nieuw@vng.example', role: 'gast' },
      headers: { origin: server.url },
    });
    const { link } = (await response.json()) as { link: string };
    const token = new URL(link).pathname.split('/').at(-1) ?? '';
    expect(token.length).toBeGreaterThan(10);
    const visitor = await browser.newContext();
    const page = await visitor.newPage();
    await page.goto(link);
    await page.locator('h1').first().waitFor();
    const href = await page
      .getByRole('contentinfo')
      .getByRole('link', { name: nl.accessibility.footerLink })
      .getAttribute('href');
    expect(href).toBe(`/toegankelijkheid?pagina=${encodeURIComponent('/invite/[token]')}`);
    expect(href).not.toContain(token);
    await visitor.close();
  });

  it('audits with rules that do find a barrier: an image without text and a button without a name', async () => {
    // The statement says what the audit found; this shows that finding nothing means something.
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/toegankelijkheid`);
    await page.getByRole('heading', { level: 1, name: nl.accessibility.title }).waitFor();
    await page.evaluate(() => {
      const main = document.querySelector('main');
      main?.insertAdjacentHTML('beforeend', '<img src="/favicon.png"><button type="button"></button>');
    });
    const { violations } = await analyseWithAxe(page);
    expect(violations.map((violation) => violation.id)).toEqual(expect.arrayContaining(['image-alt', 'button-name']));
    await page.context().close();
  });

  it('reads in English at 1280 px', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.addInitScript(() => localStorage.setItem('klankbord.locale', 'en'));
    await page.goto(`${server.url}/toegankelijkheid`);
    await page.getByRole('heading', { level: 1, name: en.accessibility.title }).waitFor();
    await page.getByRole('heading', { level: 2, name: en.accessibility.report.title }).waitFor();
    await expectNoSeriousA11yViolations(page);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/toegankelijkheid-1280-en.png`, fullPage: true });
    await context.close();
  });
});
