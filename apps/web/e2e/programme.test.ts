import type { BrowserContext, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import nl from '../src/lib/i18n/nl.json';
import { expectNoSeriousA11yViolations } from './support/a11y.ts';
import { addMember, NETWORK, setUpFirstAccount } from './support/accounts.ts';
import { createMeeting, moveMeeting } from './support/meetings.ts';
import { fill } from './support/messages.ts';
import { DIRK, GERDA, KEES, SANNE } from './support/people.ts';
import { useKlankbord } from './support/server.ts';

const OPENING = 'Opening door de burgemeester';
const TALK = 'Carbid: de aanpak in Tilburg';
const TALK_RENAMED = 'Carbid en vuurwerk: de aanpak in Tilburg';

describe('the programme editor: two preparers at once, read-only for the rest', () => {
  const { server, browser } = useKlankbord();
  let contexts: Record<'sanne' | 'kees' | 'dirk' | 'gerda', BrowserContext>;
  let sanne: Page;
  let kees: Page;
  let programmePath = '';
  let meetingId = 0;

  beforeAll(async () => {
    contexts = {
      sanne: await browser.newContext(),
      kees: await browser.newContext(),
      dirk: await browser.newContext(),
      gerda: await browser.newContext(),
    };
    await setUpFirstAccount(contexts.sanne, server.url, SANNE);
    await addMember(contexts.sanne, contexts.kees, server.url, KEES, 'klankbordgroep');
    await addMember(contexts.sanne, contexts.dirk, server.url, DIRK, 'deelnemer');
    await addMember(contexts.sanne, contexts.gerda, server.url, GERDA, 'gast');
    meetingId = await createMeeting(contexts.sanne, server.url, 'Netwerkdag voorjaar 2026');
    programmePath = `/networks/${NETWORK.slug}/meetings/${meetingId}/programme`;
    sanne = await contexts.sanne.newPage();
    kees = await contexts.kees.newPage();
  });

  /** The item of the programme list with this title. */
  function item(page: Page, title: string): Locator {
    return page.locator('li.item').filter({ has: page.getByRole('heading', { level: 3, name: title, exact: true }) });
  }

  /** Waits until the list shows exactly these titles in this order. */
  async function waitForOrder(page: Page, titles: string[]): Promise<void> {
    await expect.poll(() => page.locator('li.item h3').allTextContents(), { timeout: 10_000 }).toEqual(titles);
  }

  async function addItem(page: Page, title: string, kind: string, minutes: number): Promise<void> {
    const form = page.getByRole('region', { name: nl.programme.add.title });
    await form.getByLabel(nl.programme.fields.title).fill(title);
    await form.getByLabel(nl.programme.fields.kind).selectOption(kind);
    await form.getByLabel(nl.programme.fields.duration).fill(String(minutes));
    await form.getByRole('button', { name: nl.programme.add.submit }).click();
  }

  it('shows two preparers each other, their items and which item each one edits', async () => {
    await Promise.all([sanne.goto(`${server.url}${programmePath}`), kees.goto(`${server.url}${programmePath}`)]);
    for (const page of [sanne, kees]) {
      await page.getByRole('heading', { level: 1, name: new RegExp(nl.programme.title) }).waitFor();
      await page.getByText(nl.collab.status.connected).waitFor();
    }
    // Presence: each sees the other by name.
    await sanne.locator(`[data-presence="${KEES.name}"]`).waitFor();
    await kees.locator(`[data-presence="${SANNE.name}"]`).waitFor();

    // Both add an item at the same time; both items arrive on both pages.
    await Promise.all([addItem(sanne, OPENING, 'opening', 15), addItem(kees, TALK, 'talk', 45)]);
    for (const page of [sanne, kees]) {
      await item(page, OPENING).waitFor();
      await item(page, TALK).waitFor();
    }
    // Sanne opens the talk: Kees sees who is editing it, on the item and in the presence list.
    await item(sanne, TALK)
      .getByRole('button', { name: fill(nl.programme.editItem, { title: TALK }) })
      .click();
    await item(kees, TALK)
      .getByText(fill(nl.programme.beingEdited, { name: SANNE.name }))
      .waitFor();
    await kees.locator(`[data-presence="${SANNE.name}"]`).getByText(TALK).waitFor();
    await expectNoSeriousA11yViolations(sanne);

    // What Sanne writes in the description reaches Kees's list.
    await sanne.getByRole('textbox', { name: fill(nl.programme.fields.descriptionOf, { title: TALK }) }).click();
    await sanne.keyboard.type('Met de wijkagent en het jongerenwerk.');
    await item(kees, TALK).getByText('Met de wijkagent en het jongerenwerk.').waitFor();
    await item(sanne, TALK).getByRole('button', { name: nl.common.cancel }).click();
  });

  it('keeps both a reorder by one and an edit of the same item by the other', async () => {
    const titles = await sanne.locator('li.item h3').allTextContents();
    const talkFirst = titles[0] === TALK;
    if (talkFirst) {
      // Start from Opening, Talk so that the move below is a real one.
      await item(sanne, TALK)
        .getByRole('button', { name: fill(nl.programme.moveDown, { title: TALK }) })
        .click();
      await waitForOrder(kees, [OPENING, TALK]);
    }
    await item(kees, TALK)
      .getByRole('button', { name: fill(nl.programme.editItem, { title: TALK }) })
      .click();
    await item(kees, TALK).getByLabel(nl.programme.fields.title).fill(TALK_RENAMED);

    // Sanne moves the talk up with the keyboard while Kees is still typing its new title.
    const moveUp = item(sanne, TALK).getByRole('button', { name: fill(nl.programme.moveUp, { title: TALK }) });
    await moveUp.focus();
    await sanne.keyboard.press('Enter');
    await sanne
      .getByTestId('announcer')
      .getByText(fill(nl.programme.moved, { title: TALK, position: 1, count: 2 }))
      .waitFor();
    // The focus stays with the moved item, on the button that still works.
    await expect.poll(() => sanne.evaluate(() => document.activeElement?.textContent ?? '')).toContain(TALK);

    await kees.getByRole('button', { name: nl.common.save }).click();
    await waitForOrder(sanne, [TALK_RENAMED, OPENING]);
    await waitForOrder(kees, [TALK_RENAMED, OPENING]);
  });

  it('reorders by dragging', async () => {
    await sanne.locator(`li.item:has(h3:text-is("${OPENING}")) .handle`).dragTo(item(sanne, TALK_RENAMED));
    await waitForOrder(kees, [OPENING, TALK_RENAMED]);
  });

  it('flags an item whose fixed start the one before runs past, in text', async () => {
    // Opening 09:30–09:45, then the talk fixed at 09:40: it overlaps.
    await item(kees, TALK_RENAMED)
      .getByRole('button', { name: fill(nl.programme.editItem, { title: TALK_RENAMED }) })
      .click();
    await item(kees, TALK_RENAMED).getByLabel(nl.programme.fields.fixedStart).fill('09:40');
    await kees.getByRole('button', { name: nl.common.save }).click();
    const overlap = fill(nl.programme.overlap, { time: '09:40' });
    await item(sanne, TALK_RENAMED).getByText(overlap).waitFor();
    await sanne.getByText(/1 onderdeel overlapt|Eén onderdeel overlapt/).waitFor();
  });

  it('edits the deelsessies of an item, with topic and room', async () => {
    await addItem(sanne, 'Dilemmatafels', 'deelsessies', 60);
    await item(sanne, 'Dilemmatafels')
      .getByRole('button', { name: fill(nl.programme.editItem, { title: 'Dilemmatafels' }) })
      .click();
    const editor = item(sanne, 'Dilemmatafels');
    await editor.getByLabel(nl.programme.fields.rotation).fill('30');
    await editor.getByRole('button', { name: nl.common.save }).click();
    await item(kees, 'Dilemmatafels')
      .getByText(fill(nl.programme.rotation, { count: 30 }))
      .waitFor();

    await editor.getByRole('button', { name: fill(nl.programme.editItem, { title: 'Dilemmatafels' }) }).click();
    await editor.getByRole('button', { name: nl.programme.sessions.add }).click();
    await editor.getByLabel(nl.programme.sessions.fields.topic).fill('Carbidschieten');
    await editor.getByLabel(nl.programme.sessions.fields.room).fill('Zaal 2');
    await editor.getByLabel(nl.programme.sessions.fields.room).press('Tab');
    await item(kees, 'Dilemmatafels').getByText('Carbidschieten').waitFor();
    await item(kees, 'Dilemmatafels')
      .getByText(fill(nl.programme.sessions.inRoom, { room: 'Zaal 2' }))
      .waitFor();
    await expectNoSeriousA11yViolations(sanne);
  });

  it('shows a gast and a deelnemer the programme without any control to change it', async () => {
    await moveMeeting(contexts.sanne, server.url, meetingId, 'published');
    for (const context of [contexts.dirk, contexts.gerda]) {
      const page = await context.newPage();
      await page.goto(`${server.url}${programmePath}`);
      await item(page, TALK_RENAMED).waitFor();
      await page.getByText(nl.collab.readOnly, { exact: true }).waitFor();
      expect(await page.getByRole('button', { name: nl.programme.add.submit }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /^(Omhoog|Omlaag|Bewerken|Verwijderen):/ }).count()).toBe(0);
      expect(await page.getByLabel(nl.programme.startTime).count()).toBe(0);
      await expectNoSeriousA11yViolations(page);
      await page.close();
    }
  });
});
