import { reportDocumentName, reportFragment } from '@klankbord/domain';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import nl from '../src/lib/i18n/nl.json';
import { expectNoSeriousA11yViolations } from './support/a11y.ts';
import { addMember, NETWORK, setUpFirstAccount } from './support/accounts.ts';
import { connectAs } from './support/collab.ts';
import { textWithoutCarets } from './support/editor.ts';
import { createMeeting, moveMeeting } from './support/meetings.ts';
import { fill } from './support/messages.ts';
import { KEES, SANNE } from './support/people.ts';
import { useKlankbord } from './support/server.ts';

const TITLE = 'Netwerkdag voorjaar 2026';

describe('the verslag: writing it together, saving a version and making it final', () => {
  const { server, browser } = useKlankbord();
  let sanneContext: BrowserContext;
  let keesContext: BrowserContext;
  let sanne: Page;
  let kees: Page;
  let meetingId = 0;
  let reportPath = '';

  beforeAll(async () => {
    sanneContext = await browser.newContext();
    keesContext = await browser.newContext();
    await setUpFirstAccount(sanneContext, server.url, SANNE);
    await addMember(sanneContext, keesContext, server.url, KEES, 'klankbordgroep');
    meetingId = await createMeeting(sanneContext, server.url, TITLE);
    await moveMeeting(sanneContext, server.url, meetingId, 'published', 'live', 'reporting');
    reportPath = `/networks/${NETWORK.slug}/meetings/${meetingId}/report`;
    sanne = await sanneContext.newPage();
    kees = await keesContext.newPage();
  });

  function editor(page: Page): Locator {
    return page.getByRole('textbox', { name: fill(nl.report.editorLabel, { meeting: TITLE }) });
  }

  function reportText(page: Page): Promise<string> {
    return textWithoutCarets(editor(page));
  }

  it('links to the report from the meeting page and converges what two people type', async () => {
    await kees.goto(`${server.url}/networks/${NETWORK.slug}/meetings/${meetingId}`);
    await kees.getByRole('link', { name: nl.report.link, exact: true }).click();
    await kees.getByRole('heading', { level: 1, name: new RegExp(nl.report.title) }).waitFor();
    await sanne.goto(`${server.url}${reportPath}`);
    for (const page of [sanne, kees]) await page.getByText(nl.collab.status.connected).waitFor();
    await editor(sanne).click();
    await editor(kees).click();
    await Promise.all([
      sanne.keyboard.type('Opening door de wethouder. '),
      kees.keyboard.type('Dilemma’s besproken. '),
    ]);
    for (const page of [sanne, kees]) {
      await expect.poll(() => reportText(page)).toContain('Opening door de wethouder.');
      await expect.poll(() => reportText(page)).toContain('Dilemma’s besproken.');
    }
    expect(await reportText(sanne)).toBe(await reportText(kees));
    await expectNoSeriousA11yViolations(sanne);
  });

  it('saves a named version that appears in the list', async () => {
    await sanne.getByLabel(nl.report.versions.name).fill('Concept 1');
    await sanne.getByRole('button', { name: nl.report.versions.save }).click();
    await sanne.getByText(fill(nl.report.versions.saved, { name: 'Concept 1' })).waitFor();
    await sanne.locator('ul.versions li', { hasText: 'Concept 1' }).waitFor();
  });

  it('shows what changed between two versions and restores an older one for everyone', async () => {
    // Kees adds a table from the toolbar and a sentence; Sanne saves that as a second version.
    await editor(kees).press('End');
    await kees.keyboard.type('Afspraak over de pilot.');
    await kees.getByRole('button', { name: nl.richText.table }).click();
    await kees.keyboard.type('Gemeente');
    await kees.getByRole('toolbar', { name: nl.richText.tableTools }).waitFor();
    await expect.poll(() => sanne.locator('.rich-text-content table').count()).toBe(1);
    await expect.poll(() => reportText(sanne)).toContain('Afspraak over de pilot.');
    await sanne.getByLabel(nl.report.versions.name).fill('Concept 2');
    await sanne.getByRole('button', { name: nl.report.versions.save }).click();
    await sanne.locator('ul.versions li', { hasText: 'Concept 2' }).waitFor();

    await sanne.getByRole('button', { name: nl.report.versions.compare }).click();
    const diff = sanne.getByRole('region', {
      name: fill(nl.report.versions.diffTitle, { from: 'Concept 1', to: 'Concept 2' }),
    });
    await expect
      .poll(() => diff.locator('ins').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining('Afspraak over de pilot.')]));
    await expectNoSeriousA11yViolations(sanne);

    await sanne
      .locator('ul.versions li', { hasText: 'Concept 1' })
      .getByRole('button', { name: new RegExp(nl.report.versions.restore) })
      .click();
    await sanne.getByRole('dialog').getByRole('button', { name: nl.report.versions.restore }).click();
    await sanne.getByText(fill(nl.report.versions.restored, { name: 'Concept 1' })).waitFor();
    for (const page of [sanne, kees]) {
      await expect.poll(() => reportText(page)).not.toContain('Afspraak over de pilot.');
      await expect.poll(() => page.locator('.rich-text-content table').count()).toBe(0);
    }
    expect(await reportText(sanne)).toContain('Opening door de wethouder.');
    // Restoring is a new change: both versions are still there.
    await sanne.locator('ul.versions li', { hasText: 'Concept 2' }).waitFor();
  });

  it('prints the text as stored, marked as a draft, with a button for the print dialog', async () => {
    const print = await sanneContext.newPage();
    await print.goto(`${server.url}${reportPath}`);
    await print.getByRole('link', { name: nl.report.download.print }).click();
    await print.getByRole('heading', { level: 1 }).waitFor();
    expect(await print.locator('.report-body').textContent()).toContain('Opening door de wethouder.');
    await print.getByText(/^Concept, stand van/).waitFor();
    await print.getByRole('button', { name: nl.publicReport.print }).waitFor();
    await expectNoSeriousA11yViolations(print);
    await print.close();
  });

  it('makes the report final: the other editor turns read-only and a hand-made write never lands', async () => {
    await sanne.getByRole('button', { name: nl.report.finalise.button }).click();
    await sanne.getByText(nl.report.finalise.done).waitFor();
    await sanne.getByRole('button', { name: nl.report.reopen.button }).waitFor();
    await expect.poll(() => editor(kees).getAttribute('contenteditable'), { timeout: 15_000 }).toBe('false');
    expect(await editor(kees).isEditable()).toBe(false);
    const before = await reportText(sanne);

    // The stock client, signed in as the klankbordgroep member, writes anyway.
    const client = await connectAs(keesContext, server.url, reportDocumentName(NETWORK.slug, meetingId));
    await client.synced;
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Stiekem toegevoegd.')]);
    reportFragment(client.doc).insert(0, [paragraph]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    client.destroy();

    // A fresh reader gets the stored document: the write is not in it, and not on the secretariaat's page.
    const reader = await connectAs(sanneContext, server.url, reportDocumentName(NETWORK.slug, meetingId));
    await reader.synced;
    expect(reportFragment(reader.doc).toString()).not.toContain('Stiekem');
    reader.destroy();
    expect(await reportText(sanne)).toBe(before);
    expect(before).not.toContain('Stiekem');
    await expectNoSeriousA11yViolations(kees);
  });
});
