import { waitFor } from '@klankbord/testing';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import nl from '../src/lib/i18n/nl.json';
import { expectNoSeriousA11yViolations } from './support/a11y.ts';
import { addMember, NETWORK, setUpFirstAccount } from './support/accounts.ts';
import { createMeeting, moveMeeting } from './support/meetings.ts';
import { fill } from './support/messages.ts';
import { DIRK, SANNE } from './support/people.ts';
import { useKlankbord } from './support/server.ts';

const TITLE = 'Netwerkdag meldingen 2026';
const SHOTS = process.env.SCREENSHOT_DIR;

describe('mentions reach the person mentioned: in the header, in the inbox and by mail', () => {
  const { server, browser, mail } = useKlankbord({ mail: true, env: { NOTIFICATION_OUTBOX_MS: '500' } });
  let sanneContext: BrowserContext;
  let dirkContext: BrowserContext;
  let sanne: Page;
  let dirk: Page;
  let meetingPath = '';

  beforeAll(async () => {
    sanneContext = await browser.newContext();
    dirkContext = await browser.newContext();
    await setUpFirstAccount(sanneContext, server.url, SANNE);
    await addMember(sanneContext, dirkContext, server.url, DIRK, 'deelnemer');
    const meetingId = await createMeeting(sanneContext, server.url, TITLE);
    await moveMeeting(sanneContext, server.url, meetingId, 'published', 'live');
    meetingPath = `/networks/${NETWORK.slug}/meetings/${meetingId}`;
    sanne = await sanneContext.newPage();
    dirk = await dirkContext.newPage();
  });

  const inboxLink = (page: Page) => page.getByRole('banner').getByRole('link', { name: /^Meldingen/ });

  it('lets A mention B with the keyboard only, and B’s header count rises without a reload', async () => {
    // Dirk waits on the network's page, with the programme's publication unread.
    const stream = dirk.waitForResponse((response) => response.url().endsWith(`/api/networks/${NETWORK.slug}/events`));
    await dirk.goto(`${server.url}/networks/${NETWORK.slug}`);
    await stream;
    const unread = (count: number) => dirk.getByRole('link', { name: fill(nl.notifications.linkUnread, { count }) });
    await unread(1).waitFor();

    await sanne.goto(`${server.url}${meetingPath}`);
    const composer = sanne.getByRole('textbox', { name: nl.discussion.newLabel });
    await composer.focus();
    await sanne.keyboard.type('Kijk je even mee, ');
    await sanne.keyboard.type('@');
    const combobox = sanne.getByRole('combobox', { name: nl.discussion.mention.search });
    await combobox.waitFor();
    expect(await combobox.evaluate((element) => element === document.activeElement)).toBe(true);
    await sanne.keyboard.type('dir');
    await sanne.getByRole('option', { name: new RegExp(DIRK.name) }).waitFor();
    expect(await combobox.getAttribute('aria-expanded')).toBe('true');
    const active = await combobox.getAttribute('aria-activedescendant');
    expect(await sanne.locator(`[id="${active}"]`).textContent()).toContain(DIRK.name);
    await expectNoSeriousA11yViolations(sanne);
    if (SHOTS) {
      await sanne.setViewportSize({ width: 360, height: 740 });
      await combobox.scrollIntoViewIfNeeded();
      await sanne.screenshot({ path: `${SHOTS}/mention-360.png` });
      await sanne.setViewportSize({ width: 1280, height: 800 });
    }
    await sanne.keyboard.press('Enter');
    await combobox.waitFor({ state: 'detached' });
    expect(await composer.evaluate((element) => element === document.activeElement)).toBe(true);
    await sanne.keyboard.type('wil je dit lezen?');
    expect(await composer.inputValue()).toBe(`Kijk je even mee, @${DIRK.name} wil je dit lezen?`);
    await sanne.keyboard.press('Tab');
    await sanne.keyboard.press('Enter');
    await sanne.locator('li.message').filter({ hasText: 'wil je dit lezen?' }).waitFor();

    // Escape leaves the @ as text and puts the caret back after it.
    await composer.focus();
    await sanne.keyboard.type('mail @');
    await combobox.waitFor();
    await sanne.keyboard.press('Escape');
    await combobox.waitFor({ state: 'detached' });
    expect(await composer.inputValue()).toBe('mail @');

    await unread(2).waitFor({ timeout: 10_000 });
  });

  it('lets B open the inbox, follow the mention to its place, and read it', async () => {
    await inboxLink(dirk).focus();
    await dirk.keyboard.press('Enter');
    await dirk.getByRole('heading', { level: 1, name: nl.notifications.title }).waitFor();
    const text = fill(nl.notifications.kind.mention, { actor: SANNE.name });
    const item = dirk.getByRole('link', { name: new RegExp(text) });
    await item.waitFor();
    await expectNoSeriousA11yViolations(dirk);
    if (SHOTS) {
      for (const width of [360, 1280]) {
        await dirk.setViewportSize({ width, height: 800 });
        await dirk.screenshot({ path: `${SHOTS}/inbox-${width}.png`, fullPage: true });
      }
    }
    expect(await dirk.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      await dirk.evaluate(() => window.innerWidth),
    );
    await item.focus();
    await dirk.keyboard.press('Enter');
    await dirk.waitForURL(`${server.url}${meetingPath}`);
    await dirk.locator('li.message').filter({ hasText: 'wil je dit lezen?' }).waitFor();
    // Back in the inbox, the mention is read.
    await dirk.goto(`${server.url}/notifications`);
    const read = await dirk.getByRole('link', { name: new RegExp(text) }).textContent();
    expect(read).not.toContain(nl.notifications.unread);
  });

  it('mails B about the mention within the outbox interval', async () => {
    await waitFor(
      () => mail.messages.some((message) => message.to.includes(DIRK.email) && message.text.includes('noemde u')),
      'the mail about the mention',
      15_000,
    );
    const message = mail.messages.find((m) => m.to.includes(DIRK.email) && m.text.includes('noemde u'));
    expect(message?.text).toContain(`${SANNE.name} noemde u in een gesprek (${TITLE}).`);
    expect(message?.text).toContain(`${server.url}${meetingPath}`);
    expect(message?.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
    // Sanne mentioned nobody else, and is not mailed about her own message.
    expect(mail.messages.some((m) => m.to.includes(SANNE.email))).toBe(false);
  });

  it('lets B choose per kind how notifications are mailed, on the account page', async () => {
    await dirk.setViewportSize({ width: 360, height: 800 });
    await dirk.goto(`${server.url}/account`);
    const mentions = dirk.getByRole('group', { name: nl.notifications.preferences.kinds.mention });
    const off = mentions.getByRole('radio', { name: nl.notifications.preferences.deliveries.off });
    await mentions
      .getByRole('radio', { name: nl.notifications.preferences.deliveries.direct, checked: true })
      .waitFor();
    await off.check();
    const section = dirk.getByRole('region', { name: nl.notifications.preferences.title });
    await section.getByRole('button', { name: nl.common.save }).click();
    await dirk.getByText(nl.notifications.preferences.saved).waitFor();
    await expectNoSeriousA11yViolations(dirk);
    if (SHOTS) {
      await section.scrollIntoViewIfNeeded();
      await dirk.screenshot({ path: `${SHOTS}/preferences-360.png` });
    }
    const stored = await dirkContext.request.get(`${server.url}/api/notifications/preferences`);
    expect((await stored.json()).preferences.mention).toBe('off');
  });
});
