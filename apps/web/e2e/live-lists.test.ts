import { addItem, addSession, programmeDocumentName } from '@klankbord/domain';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import nl from '../src/lib/i18n/nl.json';
import { addMember, NETWORK, setUpFirstAccount } from './support/accounts.ts';
import { connectAs } from './support/collab.ts';
import { createMeeting, listSessions, moveMeeting } from './support/meetings.ts';
import { KEES, SANNE } from './support/people.ts';
import { useKlankbord } from './support/server.ts';

const THEME = 'Ondermijning in het buitengebied';
const EXAMPLE = 'Samen schouwen met de boa’s';

/**
 * Two people on the same pages: what one of them changes in a list shows for the other without a reload, over
 * the network's one live event stream.
 */
describe('lists follow what others change, without a reload', () => {
  const { server, browser } = useKlankbord();
  let sanneContext: BrowserContext;
  let keesContext: BrowserContext;
  let sanne: Page;
  let kees: Page;
  let meetingId = 0;

  beforeAll(async () => {
    sanneContext = await browser.newContext();
    // The klankbordgroep prepares the netwerkdag, here from a phone.
    keesContext = await browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true });
    await setUpFirstAccount(sanneContext, server.url, SANNE);
    await addMember(sanneContext, keesContext, server.url, KEES, 'klankbordgroep');
    meetingId = await createMeeting(sanneContext, server.url, 'Netwerkdag Zwolle');
    sanne = await sanneContext.newPage();
    kees = await keesContext.newPage();
  });

  /**
   * Opens a page and waits until its live stream is open: the server subscribes a stream before it answers,
   * so from then on no event is missed. Marks the page, so that a test can tell it was never loaded again.
   */
  async function openLive(page: Page, path: string): Promise<void> {
    const stream = page.waitForResponse((response) => new URL(response.url()).pathname.endsWith('/events'));
    await page.goto(`${server.url}${path}`);
    expect((await stream).status()).toBe(200);
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
  }
  const notReloaded = (page: Page) =>
    page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true);

  it('shows a theme that another member proposes, and the support it gets', async () => {
    const path = `/networks/${NETWORK.slug}/meetings/${meetingId}`;
    await openLive(sanne, path);
    await openLive(kees, path);
    await sanne.getByText(nl.themes.empty).waitFor();

    await kees.getByLabel(nl.themes.fields.title, { exact: true }).fill(THEME);
    await kees.getByLabel(nl.themes.fields.why).fill('Drugslabs in leegstaande schuren.');
    await kees.getByRole('button', { name: nl.themes.propose.submit }).click();

    const theme = sanne.getByRole('listitem').filter({ has: sanne.getByRole('heading', { name: THEME }) });
    await theme.waitFor();
    await theme.getByText('Nog geen steun').waitFor();

    const keesTheme = kees.getByRole('listitem').filter({ has: kees.getByRole('heading', { name: THEME }) });
    await keesTheme.getByRole('button', { name: new RegExp(nl.themes.support) }).click();
    await keesTheme.getByText(nl.themes.supportedByYou).waitFor();
    // Sanne sees the count move, and still does not support it herself.
    await theme.getByText('1 lid steunt dit thema').waitFor();
    expect(await theme.getByText(nl.themes.supportedByYou).count()).toBe(0);
    expect(await notReloaded(sanne)).toBe(true);
  });

  it('shows a file that another member adds to the netwerkdag', async () => {
    const pdf = Buffer.from('%PDF-1.7\n% programma\n');
    await kees.getByLabel(nl.attachments.add).setInputFiles({
      name: 'programma-zwolle.pdf',
      mimeType: 'application/pdf',
      buffer: pdf,
    });
    await sanne.getByRole('link', { name: 'programma-zwolle.pdf' }).waitFor();
    expect(await notReloaded(sanne)).toBe(true);
  });

  it('moves the "dit hielp ons ook" count when another member marks a voorbeeld', async () => {
    const response = await sanneContext.request.post(`${server.url}/api/networks/${NETWORK.slug}/examples`, {
      data: { title: EXAMPLE, tags: [], links: [] },
      headers: { origin: server.url },
    });
    expect(response.status()).toBe(201);
    const { example } = (await response.json()) as { example: { id: number } };
    const path = `/networks/${NETWORK.slug}/examples/${example.id}`;
    await openLive(sanne, path);
    await openLive(kees, path);
    await sanne.getByText('Nog niemand hielp dit ook').waitFor();

    await kees.getByRole('button', { name: nl.examples.mark.button }).click();
    await sanne.getByText('1 keer: dit hielp ons ook').waitFor();
    // Sanne's own button stays hers: not pressed.
    expect(await sanne.getByRole('button', { name: nl.examples.mark.button }).getAttribute('aria-pressed')).toBe(
      'false',
    );

    // In the library, the count follows as well.
    await openLive(sanne, `/networks/${NETWORK.slug}/examples`);
    await sanne.getByText('1 keer: dit hielp ons ook').waitFor();
    await kees.getByRole('button', { name: nl.examples.mark.button }).click();
    await sanne.getByText('Nog niemand hielp dit ook').waitFor();
    expect(await notReloaded(sanne)).toBe(true);
  });

  it('counts a deelsessie that another member picks', async () => {
    const client = await connectAs(sanneContext, server.url, programmeDocumentName(NETWORK.slug, meetingId));
    await client.synced;
    const itemId = addItem(client.doc, { kind: 'deelsessies', title: 'Dilemmatafels', durationMinutes: 60 });
    const sessionId = addSession(client.doc, itemId, { topic: 'Drugslabs', room: 'Zaal 3' });
    // The server projects the document into the sessions list after a short debounce.
    await vi.waitFor(
      async () => {
        const sessions = await listSessions(sanneContext, server.url, meetingId);
        expect(sessions.map((session) => session.id)).toEqual([sessionId]);
      },
      { timeout: 15_000, interval: 100 },
    );
    client.destroy();
    await moveMeeting(sanneContext, server.url, meetingId, 'published');

    const path = `/networks/${NETWORK.slug}/meetings/${meetingId}/sessions`;
    await openLive(sanne, path);
    await openLive(kees, path);
    const option = sanne.getByText(/Drugslabs/);
    await option.getByText('nog niemand').waitFor();
    await kees.getByRole('radio', { name: /Drugslabs/ }).check();
    await option.getByText('1 deelnemer').waitFor();
    expect(await notReloaded(sanne)).toBe(true);
  });
});
