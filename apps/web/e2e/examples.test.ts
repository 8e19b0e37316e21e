import type { BrowserContext, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import nl from '../src/lib/i18n/nl.json';
import { expectNoSeriousA11yViolations } from './support/a11y.ts';
import { addMember, NETWORK, setUpFirstAccount } from './support/accounts.ts';
import { textWithoutCarets } from './support/editor.ts';
import { createMeeting, moveMeeting } from './support/meetings.ts';
import { fill } from './support/messages.ts';
import { DAAN, SANNE } from './support/people.ts';
import { useKlankbord } from './support/server.ts';

const MEETING = 'Netwerkdag Eindhoven';
const TITLE = 'Buurtbemiddeling via de huisarts';
const TAG = 'Wijkgezondheid';

describe('goede voorbeelden: added from a phone, found by others, described together even offline', () => {
  const { server, browser } = useKlankbord();
  let sanneContext: BrowserContext;
  let daanContext: BrowserContext;
  let sanne: Page;
  let daan: Page;
  let meetingId = 0;
  let examplePath = '';

  beforeAll(async () => {
    sanneContext = await browser.newContext();
    // A deelnemer on a phone, right after a deelsessie.
    daanContext = await browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true });
    await setUpFirstAccount(sanneContext, server.url, SANNE);
    await addMember(sanneContext, daanContext, server.url, DAAN, 'deelnemer');
    meetingId = await createMeeting(sanneContext, server.url, MEETING);
    await moveMeeting(sanneContext, server.url, meetingId, 'published');
    sanne = await sanneContext.newPage();
    daan = await daanContext.newPage();
  });

  function editor(page: Page): Locator {
    return page.getByRole('textbox', { name: fill(nl.examples.editorLabel, { title: TITLE }) });
  }
  function editorText(page: Page): Promise<string> {
    return textWithoutCarets(editor(page));
  }
  /** Daan opens the voorbeeld, loses his connection, and adds words at the end, which wait to be sent. */
  async function typeOffline(words: string): Promise<void> {
    await daan.goto(`${server.url}${examplePath}`);
    await daan.getByText(nl.examples.saveState.saved).waitFor();
    await daanContext.setOffline(true);
    await daan.getByText(nl.collab.status.offline).waitFor();
    await editor(daan).click();
    await daan.keyboard.press('End');
    await daan.keyboard.type(words);
    await daan.getByText(nl.examples.saveState.waiting).waitFor();
  }

  it('lets a deelnemer add one from the meeting page on a phone, which others find by search and by tag', async () => {
    await daan.goto(`${server.url}/networks/${NETWORK.slug}/meetings/${meetingId}`);
    await daan.getByRole('link', { name: nl.examples.addFromMeeting }).tap();
    await daan.getByRole('heading', { level: 1, name: nl.examples.new.title }).waitFor();
    // The meeting comes from the link: nothing to pick.
    await daan.getByText(fill(nl.examples.fields.fromMeeting, { meeting: MEETING })).waitFor();
    expect(new URL(daan.url()).searchParams.get('meeting')).toBe(String(meetingId));
    await expectNoSeriousA11yViolations(daan);
    // Nothing sticks out sideways at 360 px.
    expect(await daan.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await daan.getByLabel(nl.examples.fields.title).fill(TITLE);
    await daan.getByLabel(nl.examples.fields.status).selectOption('pilot');
    await daan.getByLabel(nl.examples.fields.newTags).fill(TAG);
    await daan.getByRole('button', { name: nl.examples.new.submit }).tap();

    await daan.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    examplePath = new URL(daan.url()).pathname;
    expect(examplePath).toMatch(new RegExp(`^/networks/${NETWORK.slug}/examples/\\d+$`));
    await daan.getByRole('definition').filter({ hasText: nl.examples.statuses.pilot }).waitFor();
    await daan.getByRole('definition').filter({ hasText: TAG }).waitFor();
    await daan.getByRole('link', { name: nl.examples.openMeeting }).waitFor();

    // Another member finds it by search within seconds …
    await sanne.goto(`${server.url}/search?q=${encodeURIComponent('buurtbemiddeling')}`);
    await sanne.getByRole('link', { name: TITLE }).waitFor({ timeout: 5000 });

    // … and in the library, filtered by its tag, with the filter in the address.
    await sanne.goto(`${server.url}/networks/${NETWORK.slug}`);
    await sanne.getByRole('link', { name: nl.examples.networkLink }).click();
    await sanne.getByRole('heading', { level: 1, name: nl.examples.title }).waitFor();
    await sanne.getByLabel(nl.examples.fields.tag, { exact: true }).selectOption({ label: TAG });
    await sanne.getByRole('button', { name: nl.examples.filters.apply }).click();
    await sanne.waitForURL((url) => url.searchParams.has('tag'));
    const card = sanne.getByRole('link', { name: TITLE });
    await card.waitFor();
    // The charts count it per tag, and the secretariat sees the tag as a suggestion to adopt.
    await sanne.getByRole('table', { name: nl.examples.charts.byTag }).getByRole('rowheader', { name: TAG }).waitFor();
    await expectNoSeriousA11yViolations(sanne);
    await sanne.getByRole('button', { name: fill(nl.examples.curation.adoptNamed, { tag: TAG }) }).click();
    await sanne.getByText(fill(nl.examples.curation.adopted, { tag: TAG })).waitFor();
    await sanne.getByText(nl.examples.curation.none).waitFor();

    // A filter that no example matches, straight from a shared address, shows none.
    await sanne.goto(`${server.url}/networks/${NETWORK.slug}/examples?status=proven`);
    await sanne.getByText('Geen voorbeelden met deze filters.').waitFor();
    expect(await sanne.getByRole('link', { name: TITLE }).count()).toBe(0);
  });

  it('keeps a description typed offline, says it is waiting, and shares it once back online', async () => {
    await Promise.all([daan.goto(`${server.url}${examplePath}`), sanne.goto(`${server.url}${examplePath}`)]);
    for (const page of [daan, sanne]) await page.getByText(nl.collab.status.connected).waitFor();
    await daan.getByText(nl.examples.saveState.saved).waitFor();
    await expectNoSeriousA11yViolations(daan);
    expect(await daan.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await daanContext.setOffline(true);
    await daan.getByText(nl.collab.status.offline).waitFor();
    await editor(daan).click();
    await daan.keyboard.type('Offline geschreven in de trein.');
    await daan.getByText(nl.examples.saveState.waiting).waitFor();
    // Not on the server yet: the other member does not have it.
    await daan.waitForTimeout(500);
    expect(await editorText(sanne)).not.toContain('Offline geschreven');

    await daanContext.setOffline(false);
    await daan.getByText(nl.examples.saveState.saved).waitFor();
    await expect.poll(() => editorText(sanne), { timeout: 10_000 }).toContain('Offline geschreven in de trein.');

    // The 'helped us too' toggle says whether it is on, and counts.
    const mark = sanne.getByRole('button', { name: nl.examples.mark.button });
    expect(await mark.getAttribute('aria-pressed')).toBe('false');
    await mark.click();
    await expect.poll(() => mark.getAttribute('aria-pressed')).toBe('true');
    await sanne.getByText('1 keer: dit hielp ons ook').waitFor();
  });

  it('keeps what was typed offline in the browser across a reload, and sends it when back', async () => {
    await typeOffline(' Ook na herladen bewaard.');
    // Give IndexedDB a moment, then drop the quicker copy: from here on only IndexedDB has these words.
    await daan.waitForTimeout(500);
    await daan.evaluate(() => localStorage.clear());
    // A tab closed mid-write: IndexedDB never receives the last words, so only the copy in localStorage has them.
    await daan.evaluate(() => {
      IDBObjectStore.prototype.add = () => ({}) as IDBRequest;
      IDBObjectStore.prototype.put = () => ({}) as IDBRequest;
    });
    await daan.keyboard.type(' Tot het laatste woord.');
    await daan.close();
    await daanContext.setOffline(false);
    daan = await daanContext.newPage();
    await daan.goto(`${server.url}${examplePath}`);
    await daan.getByText(nl.examples.saveState.saved).waitFor();
    await sanne.reload();
    await expect
      .poll(() => editorText(sanne), { timeout: 10_000 })
      .toContain('Ook na herladen bewaard. Tot het laatste woord.');
  });

  it('has a discussion and files beside it, and the library can put the most discussed first', async () => {
    await Promise.all([daan.goto(`${server.url}${examplePath}`), sanne.goto(`${server.url}${examplePath}`)]);
    for (const page of [daan, sanne]) await page.getByText(nl.collab.status.connected).waitFor();
    await sanne.getByLabel(nl.discussion.newLabel).fill('Werkt dit ook in kleinere wijken?');
    await sanne.getByRole('button', { name: nl.discussion.send }).click();
    // It reaches the author on his phone without a reload.
    await daan.getByText('Werkt dit ook in kleinere wijken?', { exact: true }).waitFor({ timeout: 5000 });
    await daan.getByLabel(nl.discussion.newLabel).fill('Ja, in Woensel-Noord al een jaar.');
    await daan.getByRole('button', { name: nl.discussion.send }).tap();
    await sanne.getByText('Ja, in Woensel-Noord al een jaar.', { exact: true }).waitFor({ timeout: 5000 });

    const file = Buffer.alloc(2_000, 0x20);
    file.write('%PDF-1.7\n');
    await daan.getByLabel(nl.attachments.add).setInputFiles({
      name: 'Evaluatie buurtbemiddeling.pdf',
      mimeType: 'application/pdf',
      buffer: file,
    });
    await daan.getByText('Evaluatie buurtbemiddeling.pdf is toegevoegd.').waitFor();
    await sanne.reload();
    await sanne.getByRole('link', { name: 'Evaluatie buurtbemiddeling.pdf' }).waitFor();
    await expectNoSeriousA11yViolations(sanne);

    await sanne.goto(`${server.url}/networks/${NETWORK.slug}/examples?sort=discussed`);
    expect(await sanne.getByLabel(nl.examples.filters.sort).inputValue()).toBe('discussed');
    await sanne.getByText('2 berichten').waitFor();
  });

  it('forgets the copies in this browser on signing out, but first warns about changes never sent', async () => {
    await typeOffline(' Nog niet verstuurd.');
    await daan.close();
    // Back online, but the collaboration endpoint cannot be reached, so the outbox cannot send the words either.
    let collabReachable = false;
    await daanContext.routeWebSocket(/\/collab\//, (socket) => {
      if (collabReachable) socket.connectToServer();
      else socket.close();
    });
    await daanContext.setOffline(false);

    // Signing out elsewhere, with those words still only on this phone: asked first, and cancelling keeps them.
    daan = await daanContext.newPage();
    await daan.goto(`${server.url}/account`);
    await daan.getByRole('button', { name: nl.account.signOut }).tap();
    const warning = daan.getByRole('dialog', { name: nl.account.unsent.title });
    await warning.getByRole('button', { name: nl.common.cancel }).tap();
    await warning.waitFor({ state: 'hidden' });
    collabReachable = true;

    // Opening the voorbeeld while connected sends them; then signing out asks nothing and leaves no copy.
    await daan.goto(`${server.url}${examplePath}`);
    await daan.getByText(nl.examples.saveState.saved).waitFor();
    await expect.poll(() => editorText(daan)).toContain('Nog niet verstuurd.');
    await daan.goto(`${server.url}/account`);
    expect((await daan.evaluate(() => indexedDB.databases())).length).toBeGreaterThan(0);
    await daan.getByRole('button', { name: nl.account.signOut }).tap();
    await daan.getByRole('heading', { level: 1, name: nl.login.title }).waitFor();
    expect(await daan.evaluate(() => indexedDB.databases())).toEqual([]);
    expect(await daan.evaluate(() => Object.keys(localStorage).filter((key) => key.includes('unsent')))).toEqual([]);

    await daan.getByLabel(nl.fields.email).fill(DAAN.email);
    await daan.getByLabel(nl.fields.password).fill(DAAN.password);
    await daan.getByRole('button', { name: nl.login.submit }).tap();
    await daan.getByRole('heading', { level: 1, name: nl.networks.title }).waitFor();
  });

  it('lets the author change the details and the secretariat delete it after confirming', async () => {
    // The library, charts included, fits a phone too.
    await daan.goto(`${server.url}/networks/${NETWORK.slug}/examples`);
    await daan.getByRole('table', { name: nl.examples.charts.byTag }).waitFor();
    expect(await daan.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await daan.goto(`${server.url}${examplePath}`);
    await daan.getByText(nl.examples.edit.title).click();
    await daan.getByLabel(nl.examples.fields.status).selectOption('running');
    await daan.getByLabel(fill(nl.examples.fields.linkUrl, { n: 1 })).waitFor({ state: 'detached' });
    await daan.getByRole('button', { name: nl.examples.fields.addLink }).click();
    await daan.getByLabel(fill(nl.examples.fields.linkUrl, { n: 1 })).fill('geen adres');
    await daan.getByRole('button', { name: nl.common.save }).click();
    // Checked before sending, with the domain's own message.
    await daan.getByRole('link', { name: nl.errors.links.invalid }).waitFor();
    await daan.getByLabel(fill(nl.examples.fields.linkUrl, { n: 1 })).fill('https://eindhoven.example/wijk');
    await daan.getByRole('button', { name: nl.common.save }).click();
    await daan.getByText(nl.examples.edit.saved).waitFor();
    await daan.getByRole('definition').filter({ hasText: nl.examples.statuses.running }).waitFor();
    await daan.getByRole('link', { name: 'https://eindhoven.example/wijk' }).waitFor();

    await sanne.goto(`${server.url}${examplePath}`);
    await sanne.getByRole('button', { name: nl.examples.delete.button, exact: true }).click();
    const dialog = sanne.getByRole('dialog', { name: fill(nl.examples.delete.confirmTitle, { title: TITLE }) });
    await dialog.getByRole('button', { name: nl.examples.delete.button }).click();
    await sanne.getByRole('heading', { level: 1, name: nl.examples.title }).waitFor();
    await sanne.getByText('Nog geen voorbeelden.').waitFor();
    const response = await sanneContext.request.get(
      `${server.url}/api${examplePath.replace(/^.*\/examples/, '/examples')}`,
    );
    expect(response.status()).toBe(404);
  });
});
