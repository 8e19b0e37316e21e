import { waitFor } from '@klankbord/testing';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import nl from '../src/lib/i18n/nl.json';
import { expectNoSeriousA11yViolations } from './support/a11y.ts';
import { addMember, NETWORK, setUpFirstAccount } from './support/accounts.ts';
import { writeInReport } from './support/editor.ts';
import { createMeeting, moveMeeting } from './support/meetings.ts';
import { fill } from './support/messages.ts';
import { GERDA, SANNE } from './support/people.ts';
import { useKlankbord } from './support/server.ts';

const TITLE = 'Netwerkdag publicatie 2026';
const WORDS = 'De wethouder opende de dag met drie dilemma’s.';

/** The "other" branch of an ICU plural message, with # filled in: what the page shows for a count above one. */
function plural(template: string, count: number): string {
  const other = /other \{([^}]*)\}/.exec(template)?.[1] ?? '';
  return template.replace(/\{count, plural,.*\}\}$/, other.replace('#', String(count)));
}

describe('publishing the verslag, mailing the members and reading it through a public link', () => {
  const { server, browser, mail } = useKlankbord({ mail: true });
  let sanneContext: BrowserContext;
  let gerdaContext: BrowserContext;
  let sanne: Page;
  let meetingId = 0;
  let publicUrl = '';

  beforeAll(async () => {
    sanneContext = await browser.newContext();
    await setUpFirstAccount(sanneContext, server.url, SANNE);
    gerdaContext = await browser.newContext();
    await addMember(sanneContext, gerdaContext, server.url, GERDA, 'gast');
    meetingId = await createMeeting(sanneContext, server.url, TITLE);
    await moveMeeting(sanneContext, server.url, meetingId, 'published', 'live', 'reporting');
    sanne = await sanneContext.newPage();
  });

  /** A browser that has never signed in. */
  async function stranger(): Promise<Page> {
    const context = await browser.newContext();
    return context.newPage();
  }

  it('lets the secretariaat finalise, publish with mail to the members and make a public link', async () => {
    // Before it is published, the meeting page offers no link to a published verslag.
    await sanne.goto(`${server.url}/networks/${NETWORK.slug}/meetings/${meetingId}`);
    await sanne.getByRole('link', { name: nl.report.link, exact: true }).waitFor();
    expect(await sanne.getByRole('link', { name: nl.report.publication.read }).count()).toBe(0);

    await writeInReport(sanne, server.url, { id: meetingId, title: TITLE }, WORDS);
    const publication = sanne.getByRole('region', { name: nl.report.publication.title });
    await publication.getByText(nl.report.publication.notFinalised).waitFor();

    await sanne.getByRole('button', { name: nl.report.finalise.button }).click();
    await sanne.getByText(nl.report.finalise.done).waitFor();

    // On a phone, with the keyboard: "Leden mailen" and the PDF attachment are ticked, labelled, and sit just
    // before the publish button; the attachment is offered only while the members are mailed.
    await sanne.setViewportSize({ width: 360, height: 740 });
    const mailMembers = publication.getByRole('checkbox', { name: nl.report.publication.mailMembers });
    const attachPdf = publication.getByRole('checkbox', { name: nl.report.publication.attachPdf });
    expect(await mailMembers.isChecked()).toBe(true);
    expect(await attachPdf.isChecked()).toBe(true);
    const publish = publication.getByRole('button', { name: nl.report.publication.publish });
    const focused = (box: typeof mailMembers) => box.evaluate((element) => element === document.activeElement);
    await publish.focus();
    await sanne.keyboard.press('Shift+Tab');
    expect(await focused(attachPdf)).toBe(true);
    await sanne.keyboard.press('Shift+Tab');
    expect(await focused(mailMembers)).toBe(true);
    await sanne.keyboard.press('Space');
    expect(await mailMembers.isChecked()).toBe(false);
    await attachPdf.waitFor({ state: 'detached' });
    await sanne.keyboard.press('Space');
    expect(await mailMembers.isChecked()).toBe(true);
    expect(await attachPdf.isChecked()).toBe(true);
    expect(await sanne.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await expectNoSeriousA11yViolations(sanne);
    await sanne.keyboard.press('Tab');
    await sanne.keyboard.press('Tab');
    await sanne.keyboard.press('Enter');
    await publication.getByText(plural(nl.report.publication.publishedMailing, 2)).waitFor();
    await sanne.setViewportSize({ width: 1280, height: 720 });

    // The local mail server receives one mail per member, each with the link to the published verslag.
    const reportMails = () => mail.messages.filter((message) => message.text.includes('/report/published'));
    await waitFor(() => reportMails().length === 2, 'a mail to each member');
    expect(
      reportMails()
        .flatMap((message) => message.to)
        .sort(),
    ).toEqual([GERDA.email, SANNE.email].sort());
    const mailedLink = `${server.url}/networks/${NETWORK.slug}/meetings/${meetingId}/report/published`;
    for (const message of reportMails()) {
      expect(message.text).toContain(mailedLink);
      expect(message.text).toContain(TITLE);
      expect(message.raw).toContain('Content-Type: application/pdf');
    }
    // The gast follows the link from her mail and reads the final text.
    const gerda = await gerdaContext.newPage();
    await gerda.goto(mailedLink);
    await gerda.getByText(WORDS).waitFor();
    await gerda.close();

    await publication.getByRole('button', { name: nl.report.publication.createLink }).click();
    const link = publication.getByLabel(nl.report.publication.linkLabel);
    await link.waitFor();
    publicUrl = await link.inputValue();
    expect(publicUrl).toMatch(/\/public\/reports\/[A-Za-z0-9_-]{43}$/);
    // Shown now, with the advice to copy it: it cannot be shown again.
    await publication.getByText(nl.report.publication.linkHint).waitFor();
    await publication.getByRole('button', { name: nl.report.publication.replaceLink }).waitFor();
    await expectNoSeriousA11yViolations(sanne);

    // Members read the published text from the meeting page.
    await sanne.goto(`${server.url}/networks/${NETWORK.slug}/meetings/${meetingId}`);
    await sanne.getByRole('link', { name: nl.report.publication.read }).click();
    await sanne.getByRole('heading', { level: 1, name: fill(nl.publicReport.heading, { meeting: TITLE }) }).waitFor();
    await sanne.getByText(WORDS).waitFor();
  });

  it('shows the report to someone who is not signed in, with a print button', async () => {
    const page = await stranger();
    await page.goto(publicUrl);
    await page.getByRole('heading', { level: 1, name: fill(nl.publicReport.heading, { meeting: TITLE }) }).waitFor();
    await page.getByText(WORDS).waitFor();
    await page.getByRole('button', { name: nl.publicReport.print }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/public\/reports\//);
    await expectNoSeriousA11yViolations(page);
    await page.context().close();
  });

  it('says clearly that a revoked link no longer works', async () => {
    await sanne.goto(`${server.url}/networks/${NETWORK.slug}/meetings/${meetingId}/report`);
    const publication = sanne.getByRole('region', { name: nl.report.publication.title });
    // Back on the page the link itself is gone for good; the page says so and offers a new one instead.
    await publication.getByText(nl.report.publication.publicLinkNotStored).waitFor();
    await publication.getByRole('button', { name: nl.report.publication.replaceLink }).waitFor();
    expect(await publication.getByLabel(nl.report.publication.linkLabel).count()).toBe(0);
    await publication.getByRole('button', { name: nl.report.publication.revoke }).click();
    await sanne.getByRole('dialog').getByRole('button', { name: nl.report.publication.revoke }).click();
    await publication.getByText(nl.report.publication.revoked).waitFor();
    await publication.getByText(nl.report.publication.noPublicLink).waitFor();

    const page = await stranger();
    await page.goto(publicUrl);
    await page.getByRole('heading', { level: 1, name: nl.publicReport.notFound }).waitFor();
    await page.getByText(nl.publicReport.notFoundBody).waitFor();
    expect(await page.getByText(WORDS).count()).toBe(0);
    await expectNoSeriousA11yViolations(page);
    await page.context().close();
  });

  it('lists the meeting in the archive under its year, with a link to the published report', async () => {
    await sanne.goto(`${server.url}/networks/${NETWORK.slug}`);
    await sanne.getByRole('link', { name: nl.archive.link }).click();
    await sanne.getByRole('heading', { level: 1, name: nl.archive.title }).waitFor();
    const year = sanne.getByRole('region', { name: /^2026/ });
    const row = year.getByRole('row', { name: new RegExp(TITLE) });
    await row.getByRole('link', { name: TITLE, exact: true }).waitFor();
    await row.getByText(nl.meetings.status.reporting).waitFor();
    await row.getByRole('link', { name: fill(nl.archive.readReportOf, { meeting: TITLE }) }).click();
    await sanne.getByText(WORDS).waitFor();
    await sanne.goBack();
    await sanne.getByRole('heading', { level: 1, name: nl.archive.title }).waitFor();
    await expectNoSeriousA11yViolations(sanne);
    // On a phone the page itself does not scroll sideways; the year's table does, within its own box.
    await sanne.setViewportSize({ width: 360, height: 740 });
    expect(await sanne.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await expectNoSeriousA11yViolations(sanne);
  });
});
