import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import nl from '../src/lib/i18n/nl.json';
import { expectNoSeriousA11yViolations } from './support/a11y.ts';
import { NETWORK } from './support/accounts.ts';
import { connectAs, documentFrom, emptySyncStep1Message, isSyncStep2, updateMessage } from './support/collab.ts';
import { GERDA as GUEST, SANNE as SECRETARIAT } from './support/people.ts';
import { useKlankbord } from './support/server.ts';

/** What a hand-made y-websocket client in the page saw: whether it got a socket, and what the server sent. */
interface RawSocketOutcome {
  opened: boolean;
  closeCode: number | null;
  received: number[][];
}

describe('first run: set-up, an invitation, and a guest who can only read', () => {
  const { server, browser } = useKlankbord();
  let secretariat: BrowserContext;
  let guest: BrowserContext;
  let invitationLink: string;

  beforeAll(async () => {
    secretariat = await browser.newContext();
    guest = await browser.newContext({ viewport: { width: 360, height: 740 } });
  });

  it('sends the first visitor to set-up and signs the new secretariaat in', async () => {
    const page = await secretariat.newPage();
    await page.goto(server.url);
    await page.waitForURL('**/setup');
    await page.getByRole('heading', { level: 1, name: nl.setup.title }).waitFor();
    await expectNoSeriousA11yViolations(page);

    // Submitting empty shows the errors from the domain's schema, announced through the focused summary.
    await page.getByRole('button', { name: nl.setup.submit }).click();
    await page.getByRole('heading', { name: nl.common.errorSummaryTitle }).waitFor();
    expect(await page.getByLabel(nl.fields.name, { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    await expectNoSeriousA11yViolations(page);

    await page.getByLabel(nl.fields.name, { exact: true }).fill(SECRETARIAT.name);
    await page.getByLabel(nl.fields.email).fill(SECRETARIAT.email);
    await page
      .getByLabel(nl.fields.organisation)
      .selectOption({ label: 'Centrum voor Criminaliteitspreventie en Veiligheid' });
    await page.getByLabel(nl.fields.password).fill(SECRETARIAT.password);
    await page.getByRole('button', { name: nl.setup.submit }).click();

    await page.waitForURL('**/networks');
    await page.getByRole('link', { name: NETWORK.name }).waitFor();
    await expectNoSeriousA11yViolations(page);
  });

  it('lets the secretariaat invite a gast and hands out the link', async () => {
    const [page] = secretariat.pages() as [Page];
    await page.getByRole('link', { name: NETWORK.name }).click();
    await page.waitForURL(`**/networks/${NETWORK.slug}`);
    await page.getByRole('heading', { level: 1, name: NETWORK.name }).waitFor();

    // The secretariaat sees the controls that its permissions allow: the positive control for the gast below.
    await page.getByRole('heading', { name: nl.network.invite.title }).waitFor();
    await page.getByRole('heading', { name: nl.audit.title }).waitFor();
    await page.getByRole('button', { name: nl.network.remove }).first().waitFor();

    const invite = page.locator('section', { has: page.getByRole('heading', { name: nl.network.invite.title }) });
    await invite.getByLabel(nl.fields.email).fill(GUEST.email);
    await invite.getByLabel(nl.fields.role).selectOption('gast');
    await invite.getByRole('button', { name: nl.network.invite.submit }).click();

    const link = page.getByLabel(nl.network.invite.link);
    await link.waitFor();
    invitationLink = await link.inputValue();
    expect(invitationLink).toMatch(new RegExp(`^${server.url}/invite/\\S+$`));
    await page.getByText(GUEST.email).first().waitFor();
    await expectNoSeriousA11yViolations(page);
  });

  it('lets the invitee create an account from the link on a phone and signs them in', async () => {
    const page = await guest.newPage();
    await page.goto(invitationLink);
    await page.getByRole('heading', { name: nl.invite.createAccount }).waitFor();
    await page.getByText(GUEST.email).first().waitFor();
    await expectNoSeriousA11yViolations(page);

    await page.getByLabel(nl.fields.name, { exact: true }).fill(GUEST.name);
    await page.getByLabel(nl.fields.password).fill(GUEST.password);
    await page.getByRole('button', { name: nl.invite.createAndJoin }).click();

    await page.waitForURL(`**/networks/${NETWORK.slug}`);
    await page.getByRole('heading', { level: 1, name: NETWORK.name }).waitFor();
    await page.getByRole('link', { name: nl.layout.account }).waitFor();
    await expectNoSeriousA11yViolations(page);
  });

  it('shows a gast the network and its members without a single edit control', async () => {
    const [page] = guest.pages() as [Page];
    await page.getByRole('heading', { name: nl.network.members }).waitFor();
    await page.getByText(SECRETARIAT.name).waitFor();
    expect(await page.locator('main').getByText(nl.roles.gast, { exact: true }).count()).toBeGreaterThan(0);

    const controls = page.locator('main').locator('button, select, input, textarea, [contenteditable="true"]');
    expect(await controls.count()).toBe(0);
    expect(await page.getByRole('heading', { name: nl.network.invite.title }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: nl.audit.title }).count()).toBe(0);
  });

  it('drops a write that the gast hand-crafts on the collaboration socket', async () => {
    const document = `notes:${NETWORK.slug}:test`;
    const forbidden = 'Geschreven door een gast';

    // The secretariaat is connected with the stock client and writes first, so there is something to read.
    const writer = await connectAs(secretariat, server.url, document);
    await writer.synced;
    const seen: string[] = [];
    writer.doc.on('update', () => seen.push(writer.doc.getText('notes').toString()));
    writer.doc.getText('notes').insert(0, 'Van het secretariaat. ');

    // The gast's own browser opens a raw socket (its cookie and Origin go along) and sends an update, then
    // a sync step 1: the server handles one socket's messages in order, so the answer to the step 1 comes
    // after the update has been dealt with.
    const [page] = guest.pages() as [Page];
    const outcome = await page.evaluate(
      async ({ url, messages }) => {
        const socket = new WebSocket(url);
        socket.binaryType = 'arraybuffer';
        const received: number[][] = [];
        return new Promise<RawSocketOutcome>((resolve) => {
          let opened = false;
          let sent = false;
          socket.onopen = () => {
            opened = true;
            for (const message of messages) socket.send(new Uint8Array(message));
            sent = true;
          };
          socket.onmessage = (event) => {
            const bytes = [...new Uint8Array(event.data as ArrayBuffer)];
            received.push(bytes);
            if (sent && bytes[0] === 0 && bytes[1] === 1) {
              socket.onclose = null;
              socket.close();
              resolve({ opened, closeCode: null, received });
            }
          };
          socket.onclose = (event) => resolve({ opened, closeCode: event.code, received });
        });
      },
      {
        url: `${server.url.replace(/^http/, 'ws')}/collab/${document}`,
        messages: [updateMessage('notes', forbidden), emptySyncStep1Message()],
      },
    );

    // A gast reads: the socket opened and the answer holds the secretariaat's text, without the gast's.
    expect(outcome.opened).toBe(true);
    const answer = outcome.received.filter(isSyncStep2);
    expect(answer.length).toBeGreaterThan(0);
    const guestView = documentFrom(answer).getText('notes').toString();
    expect(guestView).toContain('Van het secretariaat.');
    expect(guestView).not.toContain(forbidden);

    // A secretariaat client that connects now gets the server's whole document: the gast's text is not in it,
    // and the client that was connected all along never received it either.
    const reader = await connectAs(secretariat, server.url, document);
    try {
      await reader.synced;
      expect(reader.doc.getText('notes').toString()).toBe('Van het secretariaat. ');
      expect(writer.doc.getText('notes').toString()).toBe('Van het secretariaat. ');
      expect(seen.filter((text) => text.includes(forbidden))).toEqual([]);
    } finally {
      reader.destroy();
      writer.destroy();
    }
  });
});
