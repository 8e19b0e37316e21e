import { addItem, addSession, programmeDocumentName } from '@klankbord/domain';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import nl from '../src/lib/i18n/nl.json';
import { expectNoSeriousA11yViolations } from './support/a11y.ts';
import { addMember, NETWORK, setUpFirstAccount } from './support/accounts.ts';
import { connectAs } from './support/collab.ts';
import { textWithoutCarets } from './support/editor.ts';
import { createMeeting, listSessions, moveMeeting } from './support/meetings.ts';
import { fill } from './support/messages.ts';
import { DIRK, SANNE } from './support/people.ts';
import { useKlankbord } from './support/server.ts';

const TOPIC = 'Carbidschieten';

describe('deelsessies: picking one, shared notes and the discussion beside them', () => {
  const { server, browser } = useKlankbord();
  let sanneContext: BrowserContext;
  let dirkContext: BrowserContext;
  let sanne: Page;
  let dirk: Page;
  let sessionsPath = '';
  let notesPath = '';
  let meetingId = 0;

  beforeAll(async () => {
    sanneContext = await browser.newContext();
    dirkContext = await browser.newContext();
    await setUpFirstAccount(sanneContext, server.url, SANNE);
    await addMember(sanneContext, dirkContext, server.url, DIRK, 'deelnemer');
    meetingId = await createMeeting(sanneContext, server.url, 'Netwerkdag najaar 2026');

    // The programme with one deelsessie, written by the stock client as the secretariaat.
    const client = await connectAs(sanneContext, server.url, programmeDocumentName(NETWORK.slug, meetingId));
    await client.synced;
    const itemId = addItem(client.doc, { kind: 'deelsessies', title: 'Dilemmatafels', durationMinutes: 60 });
    const sessionId = addSession(client.doc, itemId, { topic: TOPIC, facilitator: 'Kees Bakker', room: 'Zaal 2' });
    // The server projects the document into the sessions list after a short debounce.
    await vi.waitFor(
      async () => {
        const sessions = await listSessions(sanneContext, server.url, meetingId);
        expect(sessions.map((session) => session.id)).toEqual([sessionId]);
      },
      { timeout: 15_000, interval: 100 },
    );
    client.destroy();

    await moveMeeting(sanneContext, server.url, meetingId, 'published', 'live');
    sessionsPath = `/networks/${NETWORK.slug}/meetings/${meetingId}/sessions`;
    notesPath = `${sessionsPath}/${sessionId}`;
    sanne = await sanneContext.newPage();
    dirk = await dirkContext.newPage();
  });

  function notes(page: Page): Locator {
    return page.getByRole('textbox', { name: fill(nl.sessionNotes.editorLabel, { topic: TOPIC }) });
  }

  function notesText(page: Page): Promise<string> {
    return textWithoutCarets(notes(page));
  }

  function message(page: Page, text: string | RegExp): Locator {
    return page.locator('li.message').filter({ hasText: text });
  }

  it('lets a deelnemer pick a session and open its notes', async () => {
    await dirk.goto(`${server.url}${sessionsPath}`);
    await dirk.getByRole('group', { name: nl.sessionNotes.choice.legend }).waitFor();
    await dirk.getByRole('radio', { name: new RegExp(TOPIC) }).check();
    await dirk.getByText(fill(nl.sessionNotes.choice.saved, { topic: TOPIC })).waitFor();
    await dirk.getByText(nl.sessionNotes.yourSession).waitFor();
    await expectNoSeriousA11yViolations(dirk);
    await dirk.getByRole('link', { name: fill(nl.sessionNotes.notesLink, { topic: TOPIC }) }).click();
    await dirk.getByRole('heading', { level: 1, name: new RegExp(TOPIC) }).waitFor();
  });

  it('converges the notes two people type at once, showing the other one’s caret by name', async () => {
    await sanne.goto(`${server.url}${notesPath}`);
    for (const page of [sanne, dirk]) await page.getByText(nl.collab.status.connected).waitFor();
    await notes(sanne).click();
    await notes(dirk).click();
    await Promise.all([
      sanne.keyboard.type('Handhaving bij carbid. '),
      dirk.keyboard.type('Preventie met de scholen. '),
    ]);
    for (const page of [sanne, dirk]) {
      await expect.poll(() => notesText(page)).toContain('Handhaving bij carbid.');
      await expect.poll(() => notesText(page)).toContain('Preventie met de scholen.');
    }
    expect(await notesText(sanne)).toBe(await notesText(dirk));
    await dirk.locator('.collaboration-carets__label', { hasText: SANNE.name }).waitFor();
    await sanne.locator('.collaboration-carets__label', { hasText: DIRK.name }).waitFor();
    await expectNoSeriousA11yViolations(sanne);
  });

  it('shows a message by one to the other without a reload, with its link', async () => {
    const composer = dirk.getByLabel(nl.discussion.newLabel);
    await composer.fill('Wie heeft ervaring met carbid? Zie https://www.hetccv.nl/carbid.');
    await dirk.getByRole('button', { name: nl.discussion.send }).click();
    const arrived = message(sanne, 'Wie heeft ervaring met carbid?');
    await arrived.waitFor();
    await arrived.getByRole('link', { name: 'https://www.hetccv.nl/carbid' }).waitFor();
  });

  it('shows HTML and script in a message as text', async () => {
    const body = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script><b>vet</b>';
    await sanne.getByLabel(nl.discussion.newLabel).fill(body);
    await sanne.getByRole('button', { name: nl.discussion.send }).click();
    const shown = message(dirk, '<b>vet</b>');
    await shown.waitFor();
    expect(await shown.locator('.body').textContent()).toBe(body);
    expect(await shown.locator('img, script, b').count()).toBe(0);
    expect(await dirk.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('mentions a member, who sees it highlighted', async () => {
    await sanne.getByRole('button', { name: nl.discussion.mention.open }).click();
    // The button opens the same box as typing @ (see notifications.test.ts); here it is used with the mouse.
    await sanne.getByRole('combobox', { name: nl.discussion.mention.search }).fill('Dirk');
    await sanne.getByRole('option', { name: DIRK.name }).click();
    await sanne.keyboard.type('kun jij de tafel leiden?');
    await sanne.getByRole('button', { name: nl.discussion.send }).click();
    const mention = message(dirk, 'kun jij de tafel leiden?');
    await mention.getByText(nl.discussion.mentionsYou).waitFor();
    await mention.locator('mark', { hasText: `@${DIRK.name}` }).waitFor();
  });

  it('lets the author edit, the secretariaat remove, and marks what came in while away', async () => {
    const id = await message(dirk, 'Wie heeft ervaring met carbid?').getAttribute('data-message-id');
    // While edited, the message's text is in a text box, so it is found by its id.
    const mine = dirk.locator(`li.message[data-message-id="${id}"]`);
    await mine.getByRole('button', { name: new RegExp(`^${nl.discussion.edit}`) }).click();
    await mine.getByLabel(nl.discussion.editLabel).fill('Wie heeft ervaring met carbidschieten?');
    await mine.getByRole('button', { name: nl.common.save }).click();
    const edited = message(sanne, 'Wie heeft ervaring met carbidschieten?');
    await edited.getByText(nl.discussion.edited).waitFor();

    await edited.getByRole('button', { name: new RegExp(`^${nl.discussion.delete}`) }).click();
    await sanne.getByRole('dialog').getByRole('button', { name: nl.discussion.delete }).click();
    await dirk.getByText(nl.discussion.deleted).waitFor();

    // Dirk leaves; Sanne writes; back on the page Dirk sees it under the "new" marker.
    await dirk.goto(`${server.url}${sessionsPath}`);
    await sanne.getByLabel(nl.discussion.newLabel).fill('Tot straks in zaal 2.');
    await sanne.getByRole('button', { name: nl.discussion.send }).click();
    await message(sanne, 'Tot straks in zaal 2.').waitFor();
    await dirk.goto(`${server.url}${notesPath}`);
    await dirk.locator('li.unread-marker + li.message', { hasText: 'Tot straks in zaal 2.' }).waitFor();
  });

  it('discusses the netwerkdag and a statement beside them on the meeting page', async () => {
    const statement = 'Carbidschieten hoort bij oud en nieuw';
    const created = await sanneContext.request.post(`${server.url}/api/meetings/${meetingId}/statements`, {
      data: { text: statement, context: '', sessionId: null },
      headers: { origin: server.url },
    });
    expect(created.status()).toBe(201);
    const meetingPath = `${server.url}/networks/${NETWORK.slug}/meetings/${meetingId}`;
    await Promise.all([sanne.goto(meetingPath), dirk.goto(meetingPath)]);

    // The thread of the netwerkdag itself is the page's last section.
    const meetingThread = (page: Page) => page.locator('section.thread').last();
    await meetingThread(dirk).getByLabel(nl.discussion.newLabel).fill('Fijn dat we live zijn.');
    await meetingThread(dirk).getByRole('button', { name: nl.discussion.send }).click();
    await message(sanne, 'Fijn dat we live zijn.').waitFor();

    // A statement's thread opens beside it, only when asked for.
    const card = (page: Page) => page.locator('article', { hasText: statement });
    for (const page of [sanne, dirk]) await card(page).getByText(nl.discussion.open, { exact: true }).click();
    await card(sanne).getByLabel(nl.discussion.newLabel).fill('Liever een vuurwerkvrije zone.');
    await card(sanne).getByRole('button', { name: nl.discussion.send }).click();
    await card(dirk).locator('li.message', { hasText: 'Liever een vuurwerkvrije zone.' }).waitFor();
    // It stays beside its statement: the netwerkdag's own thread does not show it.
    expect(await meetingThread(dirk).locator('li.message', { hasText: 'Liever een vuurwerkvrije zone.' }).count()).toBe(
      0,
    );
    await expectNoSeriousA11yViolations(dirk);
  });
});
