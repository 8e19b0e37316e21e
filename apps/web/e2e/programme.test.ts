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

  /** Opens an item's actions menu with the mouse and picks one. */
  async function act(page: Page, title: string, action: string): Promise<void> {
    await item(page, title)
      .getByRole('button', { name: fill(nl.programme.menu.name, { title }) })
      .click();
    await page.getByRole('menuitem', { name: action, exact: true }).click();
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
    // One actions button per item, its title said once: not four buttons that each repeat it.
    expect(await item(sanne, TALK).getByRole('button').count()).toBe(1);
    await act(sanne, TALK, nl.programme.menu.edit);
    await item(kees, TALK)
      .getByText(fill(nl.programme.beingEdited, { name: SANNE.name }))
      .waitFor();
    await kees.locator(`[data-presence="${SANNE.name}"]`).getByText(TALK).waitFor();
    await expectNoSeriousA11yViolations(sanne);

    // What Sanne writes in the description reaches Kees's list.
    await sanne.getByRole('textbox', { name: fill(nl.programme.fields.descriptionOf, { title: TALK }) }).click();
    await sanne.keyboard.type('Met de wijkagent en het jongerenwerk.');
    await item(kees, TALK).getByText('Met de wijkagent en het jongerenwerk.').waitFor();
    // Everything saves as it is typed: there is no Save or Cancel to forget.
    expect(await item(sanne, TALK).getByRole('button', { name: nl.common.save }).count()).toBe(0);
    expect(await item(sanne, TALK).getByRole('button', { name: nl.common.cancel }).count()).toBe(0);
    await item(sanne, TALK).getByRole('button', { name: nl.programme.edit.close }).click();
  });

  it('opens, walks and closes an item’s actions menu with the keyboard', async () => {
    const id = await item(sanne, OPENING).getAttribute('data-item-id');
    const button = sanne.locator(`#actions-${id}`);
    const focused = () =>
      sanne.evaluate(() => [document.activeElement?.getAttribute('role'), document.activeElement?.textContent?.trim()]);
    await button.focus();
    await sanne.keyboard.press('ArrowDown');
    await expect.poll(focused).toEqual(['menuitem', nl.programme.menu.edit]);
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    await sanne.keyboard.press('End');
    await expect.poll(focused).toEqual(['menuitem', nl.programme.menu.remove]);
    await sanne.keyboard.press('ArrowDown');
    await expect.poll(focused).toEqual(['menuitem', nl.programme.menu.edit]);
    await sanne.keyboard.press('Escape');
    await expect.poll(() => sanne.evaluate(() => document.activeElement?.id)).toBe(`actions-${id}`);
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await sanne.getByRole('menu').count()).toBe(0);
    await sanne.keyboard.press('Space');
    await expect.poll(focused).toEqual(['menuitem', nl.programme.menu.edit]);
    await expectNoSeriousA11yViolations(sanne);
    await sanne.keyboard.press('Escape');
  });

  it('keeps both a reorder by one and an edit of the same item by the other, and undoes the edit', async () => {
    const titles = await sanne.locator('li.item h3').allTextContents();
    if (titles[0] === TALK) {
      // Start from Opening, Talk so that the move below is a real one.
      await act(sanne, TALK, nl.programme.menu.moveDown);
      await waitForOrder(kees, [OPENING, TALK]);
    }
    const id = await item(sanne, TALK).getAttribute('data-item-id');
    await act(kees, TALK, nl.programme.menu.edit);
    // By id: the item's heading changes as Kees types.
    const title = kees.locator(`#item-${id}-title`);
    await title.selectText();

    // Kees types the new title while Sanne moves the talk up with the keyboard: both changes stay.
    await Promise.all([
      kees.keyboard.type(TALK_RENAMED, { delay: 15 }),
      (async () => {
        await sanne.locator(`#actions-${id}`).focus();
        await sanne.keyboard.press('Enter');
        await sanne.keyboard.press('ArrowDown');
        await sanne.keyboard.press('Enter');
      })(),
    ]);
    await sanne
      .getByTestId('announcer')
      .getByText(/staat nu op plaats 1 van 2/)
      .waitFor();
    // The focus comes back to the moved item's actions button.
    await expect.poll(() => sanne.evaluate(() => document.activeElement?.id)).toBe(`actions-${id}`);
    // The title reached Sanne as Kees typed it: nothing to save.
    await waitForOrder(sanne, [TALK_RENAMED, OPENING]);
    await waitForOrder(kees, [TALK_RENAMED, OPENING]);

    // Ctrl+Z takes the typing back, for everyone; Ctrl+Shift+Z does it again. The move by Sanne stays.
    await title.press('Control+z');
    await waitForOrder(sanne, [TALK, OPENING]);
    await expect.poll(() => title.inputValue()).toBe(TALK);
    await title.press('Control+Shift+z');
    await waitForOrder(sanne, [TALK_RENAMED, OPENING]);
    await item(kees, TALK_RENAMED).getByRole('button', { name: nl.programme.edit.close }).click();
  });

  it('reorders by dragging', async () => {
    // Kees just closed his editor; the line that said so leaves Sanne's list with his next presence, and a list
    // that shifts under the pointer would drop the item elsewhere.
    const editing = sanne.getByText(fill(nl.programme.beingEdited, { name: KEES.name }));
    await expect.poll(() => editing.count()).toBe(0);
    await sanne.locator(`li.item:has(h3:text-is("${OPENING}")) .handle`).dragTo(item(sanne, TALK_RENAMED));
    await waitForOrder(kees, [OPENING, TALK_RENAMED]);
  });

  it('flags an item whose fixed start the one before runs past, in text', async () => {
    // Opening 09:30–09:45, then the talk fixed at 09:40: it overlaps.
    await act(kees, TALK_RENAMED, nl.programme.menu.edit);
    await item(kees, TALK_RENAMED).getByLabel(nl.programme.fields.fixedStart).fill('09:40');
    const overlap = fill(nl.programme.overlap, { time: '09:40' });
    await item(sanne, TALK_RENAMED).getByText(overlap).waitFor();
    await sanne.getByText(/1 onderdeel overlapt|Eén onderdeel overlapt/).waitFor();
  });

  it('edits the deelsessies of an item, with topic and room', async () => {
    await addItem(sanne, 'Dilemmatafels', 'deelsessies', 60);
    await act(sanne, 'Dilemmatafels', nl.programme.menu.edit);
    const editor = item(sanne, 'Dilemmatafels');
    await editor.getByLabel(nl.programme.fields.rotation).fill('30');
    await item(kees, 'Dilemmatafels')
      .getByText(fill(nl.programme.rotation, { count: 30 }))
      .waitFor();

    await editor.getByRole('button', { name: nl.programme.sessions.add }).click();
    // Each field reaches the others as it is typed, without leaving it.
    await editor.getByRole('textbox', { name: nl.programme.sessions.fields.topic, exact: true }).fill('Carbidschieten');
    await editor.getByRole('textbox', { name: new RegExp(`^${nl.programme.sessions.fields.room}`) }).fill('Zaal 2');
    await item(kees, 'Dilemmatafels').getByText('Carbidschieten').waitFor();
    // A room that names itself shows as typed: "Zaal 2", never "zaal Zaal 2".
    await item(kees, 'Dilemmatafels').getByText('· Zaal 2', { exact: true }).waitFor();
    expect(
      await item(kees, 'Dilemmatafels')
        .getByText(/zaal Zaal/)
        .count(),
    ).toBe(0);
    await expectNoSeriousA11yViolations(sanne);
    await editor.getByRole('button', { name: nl.programme.edit.close }).click();
  });

  it('adds a deelsessie on the Deelsessies page and keeps a title typed just before leaving', async () => {
    const sessionsPage = await contexts.sanne.newPage();
    await sessionsPage.goto(`${server.url}/networks/${NETWORK.slug}/meetings/${meetingId}/sessions`);
    const group = sessionsPage.getByRole('group', {
      name: fill(nl.programme.sessions.ofItem, { title: 'Dilemmatafels' }),
    });
    await group.getByRole('button', { name: nl.programme.sessions.add }).click();
    // The new deelsessie's topic field has the focus: type, and leave the page at once.
    await expect
      .poll(() => sessionsPage.evaluate(() => document.activeElement?.id ?? ''))
      .toMatch(/^session-[a-z0-9]+-topic$/);
    await sessionsPage.keyboard.type('Vuurwerkoverlast');
    await sessionsPage.goto(`${server.url}/networks/${NETWORK.slug}/meetings/${meetingId}`);
    await item(kees, 'Dilemmatafels').getByText('Vuurwerkoverlast', { exact: true }).waitFor();
    // Back on the Deelsessies page it is there too, from the server.
    await sessionsPage.goto(`${server.url}/networks/${NETWORK.slug}/meetings/${meetingId}/sessions`);
    await sessionsPage
      .getByRole('link', { name: fill(nl.sessionNotes.notesLink, { topic: 'Vuurwerkoverlast' }) })
      .waitFor();
    await expectNoSeriousA11yViolations(sessionsPage);
    await sessionsPage.close();
  });

  it('shows a gast and a deelnemer the programme without any control to change it', async () => {
    await moveMeeting(contexts.sanne, server.url, meetingId, 'published');
    for (const context of [contexts.dirk, contexts.gerda]) {
      const page = await context.newPage();
      await page.goto(`${server.url}${programmePath}`);
      await item(page, TALK_RENAMED).waitFor();
      await page.getByText(nl.collab.readOnly, { exact: true }).waitFor();
      expect(await page.getByRole('button', { name: nl.programme.add.submit }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /^(Acties|Omhoog|Omlaag|Bewerken|Verwijderen)/ }).count()).toBe(0);
      expect(await page.getByRole('button', { name: nl.programme.undo }).count()).toBe(0);
      expect(await page.getByLabel(nl.programme.startTime).count()).toBe(0);
      await expectNoSeriousA11yViolations(page);
      await page.close();
    }
  });
});
