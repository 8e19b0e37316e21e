import type { BrowserContext, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import nl from '../src/lib/i18n/nl.json';
import { expectNoSeriousA11yViolations } from './support/a11y.ts';
import { addMember, NETWORK, setUpFirstAccount } from './support/accounts.ts';
import { createMeeting, moveMeeting } from './support/meetings.ts';
import { fill } from './support/messages.ts';
import { KEES, SANNE } from './support/people.ts';
import { useKlankbord } from './support/server.ts';

const TITLE = 'Netwerkdag voorjaar 2026';
const BREDA = 'Breda stuurt de notitie rond.';
const UTRECHT = 'Utrecht plant een vervolgsessie.';

describe('afspraken: marked on the verslag, followed up across netwerkdagen', () => {
  const { server, browser } = useKlankbord();
  let sanneContext: BrowserContext;
  let keesContext: BrowserContext;
  let sanne: Page;
  let kees: Page;
  let meetingId = 0;

  beforeAll(async () => {
    sanneContext = await browser.newContext();
    keesContext = await browser.newContext();
    await setUpFirstAccount(sanneContext, server.url, SANNE);
    await addMember(sanneContext, keesContext, server.url, KEES, 'klankbordgroep');
    meetingId = await createMeeting(sanneContext, server.url, TITLE);
    await moveMeeting(sanneContext, server.url, meetingId, 'published', 'live', 'reporting');
    sanne = await sanneContext.newPage();
    kees = await keesContext.newPage();
  });

  const editor = (page: Page): Locator =>
    page.getByRole('textbox', { name: fill(nl.report.editorLabel, { meeting: TITLE }) });

  /** Selects the paragraph the caret is in, as someone would with the keyboard, and marks it as an afspraak. */
  async function markParagraph(page: Page, fillForm: (form: Locator) => Promise<void>) {
    await page.keyboard.press('Shift+Home');
    await page.getByRole('button', { name: nl.afspraken.mark }).click();
    const form = page.getByRole('form', { name: nl.afspraken.formTitle });
    await fillForm(form);
    await form.getByRole('button', { name: nl.afspraken.save }).click();
    await page.getByRole('status').filter({ hasText: nl.afspraken.created }).waitFor();
  }

  it('lets the secretariaat mark a sentence of the verslag as an afspraak for a member, with a due date', async () => {
    await sanne.goto(`${server.url}/networks/${NETWORK.slug}/meetings/${meetingId}/report`);
    await sanne.getByText(nl.collab.status.connected).waitFor();
    const section = sanne.getByRole('region', { name: nl.afspraken.meetingTitle });
    // Nothing selected yet: nothing to mark.
    expect(await section.getByRole('button', { name: nl.afspraken.mark }).isDisabled()).toBe(true);

    await editor(sanne).click();
    await sanne.keyboard.type(BREDA);
    await markParagraph(sanne, async (form) => {
      // The description starts as the selected words.
      expect(await form.getByLabel(nl.afspraken.description).inputValue()).toBe(BREDA);
      await form.getByLabel(nl.afspraken.owner).selectOption({ label: KEES.name });
      await form.getByLabel(nl.afspraken.dueDate).fill('2026-05-01');
    });
    const first = section.getByRole('listitem').filter({ hasText: BREDA });
    await expect.poll(() => first.textContent()).toContain(KEES.name);

    // A second one, for nobody yet and without a date: it stays open.
    await editor(sanne).click();
    await sanne.keyboard.press('Control+End');
    await sanne.keyboard.press('Enter');
    await sanne.keyboard.type(UTRECHT);
    await markParagraph(sanne, async () => {});
    await section.getByRole('listitem').filter({ hasText: UTRECHT }).waitFor();
    // The marked words are highlighted in the editor.
    await expect.poll(() => editor(sanne).locator('.annotation--afspraak').count()).toBeGreaterThan(0);
    await expectNoSeriousA11yViolations(sanne);
  });

  it('shows it on the network’s afspraken page, where the klankbordgroep marks it done', async () => {
    await kees.goto(`${server.url}/networks/${NETWORK.slug}`);
    await kees.getByRole('link', { name: nl.afspraken.link, exact: true }).click();
    await kees.getByRole('heading', { level: 1, name: nl.afspraken.title }).waitFor();
    const breda = kees.getByRole('article', { name: BREDA });
    await breda.waitFor();
    expect(await breda.textContent()).toContain(KEES.name);
    expect(await breda.textContent()).toContain(TITLE);
    // 1 May 2026 has passed: overdue, in words.
    expect(await breda.textContent()).toContain(nl.afspraken.overdue);
    await kees.getByRole('article', { name: UTRECHT }).waitFor();
    await expectNoSeriousA11yViolations(kees);

    await breda.getByRole('button', { name: new RegExp(nl.afspraken.markDone) }).click();
    await kees.getByRole('status').filter({ hasText: nl.afspraken.markedDone }).waitFor();
    await expect.poll(() => kees.getByRole('article', { name: BREDA }).count()).toBe(0);
    await kees.getByRole('link', { name: nl.afspraken.filter.done, exact: true }).click();
    const done = kees.getByRole('article', { name: BREDA });
    await done.waitFor();
    expect(await done.textContent()).toContain(nl.afspraken.status.done);
    expect(await done.textContent()).not.toContain(nl.afspraken.overdue);
    await expectNoSeriousA11yViolations(kees);
  });

  it('shows the afspraken still open while the next netwerkdag is prepared', async () => {
    const next = await createMeeting(sanneContext, server.url, 'Netwerkdag najaar 2026');
    await sanne.goto(`${server.url}/networks/${NETWORK.slug}/meetings/${next}`);
    const open = sanne.getByRole('region', { name: nl.afspraken.openTitle });
    await open.getByText(UTRECHT).waitFor();
    expect(await open.textContent()).not.toContain(BREDA);
    await sanne.setViewportSize({ width: 360, height: 800 });
    await expectNoSeriousA11yViolations(sanne);
  });
});
