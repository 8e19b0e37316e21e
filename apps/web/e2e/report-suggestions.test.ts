import type { BrowserContext, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import nl from '../src/lib/i18n/nl.json';
import { expectNoSeriousA11yViolations } from './support/a11y.ts';
import { addMember, NETWORK, setUpFirstAccount } from './support/accounts.ts';
import { createMeeting, moveMeeting } from './support/meetings.ts';
import { fill } from './support/messages.ts';
import { DIRK, SANNE } from './support/people.ts';
import { useKlankbord } from './support/server.ts';

const TITLE = 'Netwerkdag najaar 2026';
const SENTENCE = 'Kees stelt voor de pilot uit te breiden.';
const CHANGED = 'Kees stelt voor de pilot in 2027 uit te breiden.';
const SECOND = 'De lunch was goed verzorgd.';
const text = nl.report.suggestions;

describe('suggestions on the verslag: a deelnemer proposes a change, the secretariaat accepts it, live', () => {
  const { server, browser } = useKlankbord();
  let sanneContext: BrowserContext;
  let dirkContext: BrowserContext;
  let sanne: Page;
  let dirk: Page;

  beforeAll(async () => {
    sanneContext = await browser.newContext();
    dirkContext = await browser.newContext();
    await setUpFirstAccount(sanneContext, server.url, SANNE);
    await addMember(sanneContext, dirkContext, server.url, DIRK, 'deelnemer');
    const meetingId = await createMeeting(sanneContext, server.url, TITLE);
    await moveMeeting(sanneContext, server.url, meetingId, 'published', 'live', 'reporting');
    const reportUrl = `${server.url}/networks/${NETWORK.slug}/meetings/${meetingId}/report`;
    [sanne, dirk] = await Promise.all([sanneContext.newPage(), dirkContext.newPage()]);
    await Promise.all([sanne.goto(reportUrl), dirk.goto(reportUrl)]);
    for (const page of [sanne, dirk]) await page.getByText(nl.collab.status.connected).waitFor();
  });

  function editor(page: Page): Locator {
    return page.getByRole('textbox', { name: fill(nl.report.editorLabel, { meeting: TITLE }) });
  }
  function suggestions(page: Page): Locator {
    return page.getByRole('region', { name: text.title });
  }
  function card(page: Page, quote: string): Locator {
    return suggestions(page).locator('article', { hasText: quote });
  }
  /** A suggestion as the editor shows it: the struck passage and, after it, the proposed words. */
  function inText(page: Page): { passage: Locator; proposal: Locator } {
    return {
      passage: editor(page).locator('del.annotation--suggestion'),
      proposal: editor(page).locator('ins.annotation--suggestion'),
    };
  }
  /** The text of the editor itself: the proposals drawn in it are not part of it. */
  function documentText(page: Page): Promise<string> {
    return editor(page).evaluate((element) => {
      const copy = element.cloneNode(true) as HTMLElement;
      for (const drawn of copy.querySelectorAll('ins.annotation--suggestion, .collaboration-carets__caret')) {
        drawn.remove();
      }
      return copy.textContent ?? '';
    });
  }
  const isFocused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);
  /** Dirk (who may not write the text) selects a paragraph and proposes to replace it. */
  async function propose(paragraph: string, replacement: string) {
    await editor(dirk).locator('p', { hasText: paragraph }).selectText();
    const add = suggestions(dirk).getByRole('button', { name: text.add });
    await expect.poll(() => add.isDisabled()).toBe(false);
    await add.click();
    const field = suggestions(dirk).getByLabel(text.label);
    // The form starts from the selected words, so a small change is a small edit.
    await expect.poll(() => field.inputValue()).toBe(paragraph);
    await field.fill(replacement);
    await suggestions(dirk).getByRole('button', { name: text.save, exact: true }).click();
    await dirk.getByText(text.created).waitFor();
  }

  it('lets Dirk propose a change to words he selects, and Sanne sees it appear with his name', async () => {
    await editor(sanne).click();
    await sanne.keyboard.type(SENTENCE);
    await sanne.keyboard.press('Enter');
    await sanne.keyboard.type(SECOND);
    await expect.poll(() => editor(dirk).textContent()).toContain(SECOND);
    expect(await suggestions(dirk).getByRole('button', { name: text.add }).isDisabled()).toBe(true);
    await propose(SENTENCE, CHANGED);

    // Sanne's page did not reload: the live stream brought it.
    await card(sanne, SENTENCE).waitFor();
    await card(sanne, SENTENCE).getByText(new RegExp(DIRK.name)).waitFor();
    expect(await card(sanne, SENTENCE).locator('del').textContent()).toContain(SENTENCE);
    expect(await card(sanne, SENTENCE).locator('ins').textContent()).toContain(CHANGED);
    // Only the secretariaat decides.
    expect(await card(dirk, SENTENCE).getByRole('button', { name: text.accept }).count()).toBe(0);
    await expectNoSeriousA11yViolations(sanne);
  });

  it('shows the open suggestion in both editors as a tracked change, with its author, outside the text', async () => {
    const label = fill(text.inTextBy, { name: DIRK.name });
    for (const page of [sanne, dirk]) {
      const { passage, proposal } = inText(page);
      await expect.poll(() => passage.allTextContents()).toEqual([SENTENCE]);
      expect(await proposal.allTextContents()).toEqual([`${label} ${CHANGED}`]);
      // Screen readers hear the author before the proposed words; a pointer shows both on hover.
      expect(await proposal.locator('.visually-hidden').textContent()).toBe(`${label} `);
      expect(await proposal.getAttribute('title')).toBe(`${label} ${CHANGED}`);
      expect(await passage.getAttribute('title')).toBe(`${label} ${CHANGED}`);
      // Drawn, not written: the shared text still holds only what was there.
      expect(await documentText(page)).toBe(SENTENCE + SECOND);
      expect(await passage.evaluate((element) => getComputedStyle(element).textDecorationLine)).toBe('line-through');
    }
    // Among axe's checks: both colours keep 4.5:1 against the editor, writable (Sanne) and read-only (Dirk).
    for (const page of [sanne, dirk]) await expectNoSeriousA11yViolations(page);
  });

  it('moves the focus to the card when the change is clicked in the text, or Enter is pressed in it', async () => {
    await inText(sanne).passage.click();
    await expect.poll(() => isFocused(card(sanne, SENTENCE))).toBe(true);
    await inText(dirk).proposal.click();
    await expect.poll(() => isFocused(card(dirk, SENTENCE))).toBe(true);

    // Sanne may write: Enter inside the passage goes to its card instead of splitting the paragraph.
    await editor(sanne).locator('p', { hasText: SECOND }).click();
    await expect.poll(() => isFocused(card(sanne, SENTENCE))).toBe(false);
    await sanne.keyboard.press('Control+Home');
    for (let i = 0; i < 4; i++) await sanne.keyboard.press('ArrowRight');
    await sanne.keyboard.press('Enter');
    await expect.poll(() => isFocused(card(sanne, SENTENCE))).toBe(true);
    expect(await editor(sanne).locator('p').count()).toBe(2);
    expect(await documentText(sanne)).toBe(SENTENCE + SECOND);
  });

  it('lets Sanne accept it: the text changes in both editors, and Dirk sees it accepted', async () => {
    await card(sanne, SENTENCE)
      .getByRole('button', { name: fill(text.acceptLabel, { name: DIRK.name }) })
      .click();
    await sanne.getByText(text.accepted).waitFor();
    for (const page of [sanne, dirk]) {
      // The change is no longer drawn beside the text: it is the text.
      await expect.poll(() => inText(page).proposal.count()).toBe(0);
      expect(await inText(page).passage.count()).toBe(0);
      await expect.poll(() => documentText(page)).toBe(CHANGED + SECOND);
    }
    await suggestions(dirk).getByText(text.none).waitFor();
    await suggestions(dirk)
      .getByRole('button', { name: fill(text.showDecided, { count: 1 }) })
      .click();
    await card(dirk, SENTENCE)
      .getByText(new RegExp(`Geaccepteerd door ${SANNE.name}`))
      .waitFor();
  });

  it('lets Sanne reject all open suggestions after confirming, leaving the text as it was', async () => {
    await propose(SECOND, '');
    await card(sanne, SECOND).getByText(text.deletion).waitFor();
    // A deletion shows as the struck passage; only screen readers hear who proposes it.
    await expect.poll(() => inText(sanne).passage.allTextContents()).toEqual([SECOND]);
    expect(await inText(sanne).proposal.allTextContents()).toEqual([fill(text.inTextDeletion, { name: DIRK.name })]);
    await suggestions(sanne).getByRole('button', { name: text.rejectAll }).click();
    const dialog = sanne.getByRole('dialog', { name: text.rejectAllTitle });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: text.rejectAll }).click();
    await sanne.getByText('1 suggestie is besloten.').waitFor();
    await suggestions(dirk).getByText(text.none).waitFor();
    await suggestions(sanne).getByText(text.none).waitFor();
    for (const page of [sanne, dirk]) await expect.poll(() => inText(page).passage.count()).toBe(0);
    expect(await documentText(dirk)).toBe(CHANGED + SECOND);
  });

  it('fits the suggestions on a 360 px wide phone', async () => {
    await dirk.setViewportSize({ width: 360, height: 780 });
    await suggestions(dirk).waitFor();
    const overflow = await suggestions(dirk).evaluate((element) => element.scrollWidth - element.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const box = await suggestions(dirk).boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(360);
    await expectNoSeriousA11yViolations(dirk);
  });
});
