import type { BrowserContext, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import nl from '../src/lib/i18n/nl.json';
import { expectNoSeriousA11yViolations } from './support/a11y.ts';
import { addMember, NETWORK, setUpFirstAccount } from './support/accounts.ts';
import { createMeeting, moveMeeting } from './support/meetings.ts';
import { fill } from './support/messages.ts';
import { KEES, SANNE } from './support/people.ts';
import { useKlankbord } from './support/server.ts';

const TITLE = 'Netwerkdag najaar 2026';
const SENTENCE = 'Kees stelt voor de pilot uit te breiden.';
const text = nl.report.comments;

describe('comments on the verslag: placing one on a sentence, replying and resolving it, live', () => {
  const { server, browser } = useKlankbord();
  let sanneContext: BrowserContext;
  let keesContext: BrowserContext;
  let sanne: Page;
  let kees: Page;

  beforeAll(async () => {
    sanneContext = await browser.newContext();
    keesContext = await browser.newContext();
    await setUpFirstAccount(sanneContext, server.url, SANNE);
    await addMember(sanneContext, keesContext, server.url, KEES, 'klankbordgroep');
    const meetingId = await createMeeting(sanneContext, server.url, TITLE);
    await moveMeeting(sanneContext, server.url, meetingId, 'published', 'live', 'reporting');
    const reportUrl = `${server.url}/networks/${NETWORK.slug}/meetings/${meetingId}/report`;
    [sanne, kees] = await Promise.all([sanneContext.newPage(), keesContext.newPage()]);
    await Promise.all([sanne.goto(reportUrl), kees.goto(reportUrl)]);
    for (const page of [sanne, kees]) await page.getByText(nl.collab.status.connected).waitFor();
  });

  function editor(page: Page): Locator {
    return page.getByRole('textbox', { name: fill(nl.report.editorLabel, { meeting: TITLE }) });
  }
  function comments(page: Page): Locator {
    return page.getByRole('region', { name: text.title });
  }
  /** The card of the comment on SENTENCE. */
  function card(page: Page): Locator {
    return comments(page).locator('article', { hasText: SENTENCE });
  }

  it('converges what two members type at once', async () => {
    await editor(sanne).click();
    await editor(kees).click();
    await Promise.all([
      sanne.keyboard.type('Opening door de wethouder. '),
      kees.keyboard.type('Dilemma’s besproken. '),
    ]);
    for (const page of [sanne, kees]) {
      await expect.poll(() => editor(page).textContent()).toContain('Opening door de wethouder.');
      await expect.poll(() => editor(page).textContent()).toContain('Dilemma’s besproken.');
    }
  });

  it('lets Kees comment on a sentence he selects, and Sanne sees the comment appear', async () => {
    const add = comments(kees).getByRole('button', { name: text.add });
    expect(await add.isDisabled()).toBe(true);
    await editor(kees).press('Control+End');
    await editor(kees).press('Enter');
    await kees.keyboard.type(SENTENCE);
    await expect.poll(() => editor(sanne).textContent()).toContain(SENTENCE);
    await editor(kees).press('Shift+Home');
    await expect.poll(() => add.isDisabled()).toBe(false);
    await add.click();
    await comments(kees).getByText(SENTENCE).waitFor();
    await comments(kees).getByLabel(text.label).fill('Kunnen we dit in het voorjaar al doen?');
    await comments(kees).getByRole('button', { name: text.save, exact: true }).click();
    await kees.getByText(text.created).waitFor();
    await card(kees).waitFor();

    // Sanne's page did not reload: the live stream brought it.
    await card(sanne).getByText('Kunnen we dit in het voorjaar al doen?').waitFor();
    await card(sanne).getByText(new RegExp(KEES.name)).waitFor();
    expect(await card(sanne).locator('blockquote').textContent()).toBe(SENTENCE);
    // The commented words are marked in both editors; showing the comment marks them as the active one.
    for (const page of [sanne, kees]) {
      await expect.poll(() => editor(page).locator('.annotation--comment').allTextContents()).toEqual([SENTENCE]);
    }
    await card(sanne).getByRole('button', { name: text.showInText }).click();
    await expect.poll(() => editor(sanne).locator('.annotation--active').allTextContents()).toEqual([SENTENCE]);
    // The other way round: on a phone, clicking the marked words shows their comment, scrolled wholly into view.
    await kees.setViewportSize({ width: 360, height: 480 });
    await kees.reload();
    await card(kees).waitFor();
    await editor(kees).locator('.annotation--comment').click();
    await expect
      .poll(() => card(kees).getByRole('button', { name: text.inText }).getAttribute('aria-pressed'))
      .toBe('true');
    await expect
      .poll(() =>
        card(kees).evaluate((element) => {
          const { top, bottom } = element.getBoundingClientRect();
          return top >= 0 && bottom <= window.innerHeight;
        }),
      )
      .toBe(true);
  });

  it('lets Sanne reply and resolve it; Kees sees the reply and the comment resolved', async () => {
    // No replies yet: the button says it starts one.
    await card(sanne).getByRole('button', { name: 'Reageren', exact: true }).click();
    await card(sanne).getByRole('heading', { name: text.threadTitle }).waitFor();
    await card(sanne).getByLabel(nl.discussion.newLabel).fill('Ja, ik zet het op de agenda.');
    await card(sanne).getByRole('button', { name: nl.discussion.send }).click();
    await card(sanne).getByText('Ja, ik zet het op de agenda.', { exact: true }).waitFor();
    await card(kees).getByRole('button', { name: '1 reactie' }).waitFor();
    await expectNoSeriousA11yViolations(sanne);

    await card(sanne).getByRole('button', { name: text.resolve, exact: true }).click();
    await sanne.getByText(text.resolvedDone).waitFor();
    await comments(kees).getByText(text.none).waitFor();
    const toggle = comments(kees).getByRole('button', { name: fill(text.showResolved, { count: 1 }) });
    await toggle.click();
    await card(kees)
      .getByText(fill(text.resolvedBy, { name: SANNE.name, date: '' }).trim())
      .waitFor();
    await card(kees).getByRole('button', { name: text.reopen }).waitFor();
    // A resolved comment is no longer marked in the text.
    await expect.poll(() => editor(kees).locator('.annotation--comment').count()).toBe(0);
    await expectNoSeriousA11yViolations(kees);
  });

  it('fits the comments beside the text on a 360 px wide phone', async () => {
    await kees.setViewportSize({ width: 360, height: 780 });
    await card(kees).waitFor();
    const overflow = await comments(kees).evaluate((element) => element.scrollWidth - element.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const box = await comments(kees).boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(360);
  });
});
