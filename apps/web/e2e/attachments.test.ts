import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import nl from '../src/lib/i18n/nl.json';
import { expectNoSeriousA11yViolations } from './support/a11y.ts';
import { NETWORK, setUpFirstAccount } from './support/accounts.ts';
import { createMeeting } from './support/meetings.ts';
import { SANNE } from './support/people.ts';
import { useKlankbord } from './support/server.ts';

function pdf(size: number): Buffer {
  const bytes = Buffer.alloc(size, 0x20);
  bytes.write('%PDF-1.7\n');
  return bytes;
}

describe('bestanden on a meeting', () => {
  const { server, browser } = useKlankbord();
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await browser.newContext();
    await setUpFirstAccount(context, server.url, SANNE);
    const meetingId = await createMeeting(context, server.url, 'Netwerkdag Breda');
    page = await context.newPage();
    await page.goto(`${server.url}/networks/${NETWORK.slug}/meetings/${meetingId}`);
  });

  it('uploads a file, offers it for download, and removes it again', async () => {
    await page.getByLabel(nl.attachments.add).setInputFiles({
      name: 'Draaiboek.pdf',
      mimeType: 'application/pdf',
      buffer: pdf(300_000),
    });
    await page.getByText('Draaiboek.pdf is toegevoegd.').waitFor();
    const link = page.getByRole('link', { name: 'Draaiboek.pdf' });
    const download = await Promise.all([page.waitForEvent('download'), link.click()]).then(([d]) => d);
    expect(download.suggestedFilename()).toBe('Draaiboek.pdf');
    await expectNoSeriousA11yViolations(page);

    await page.locator('.attachments li', { hasText: 'Draaiboek.pdf' }).getByRole('button').click();
    await page.getByRole('dialog').getByRole('button', { name: nl.attachments.remove }).click();
    await page.getByText('Draaiboek.pdf is verwijderd.').waitFor();
    expect(await page.getByRole('link', { name: 'Draaiboek.pdf' }).count()).toBe(0);
  });

  it('says clearly why a file is refused', async () => {
    await page.getByLabel(nl.attachments.add).setInputFiles({
      name: 'tekening.svg',
      mimeType: 'image/svg+xml',
      buffer: Buffer.from('<svg onload="alert(1)"/>'),
    });
    await page.getByText(nl.errors.file.typeNotAllowed).waitFor();
    await page.getByLabel(nl.attachments.add).setInputFiles({
      name: 'verslag.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('<html><script>alert(1)</script></html>'),
    });
    await page.getByText(nl.errors.file.contentMismatch).waitFor();
    // Over the limit (20 MiB by default): said before anything is sent.
    await page.getByLabel(nl.attachments.add).setInputFiles({
      name: 'Opname.pdf',
      mimeType: 'application/pdf',
      buffer: pdf(20 * 1024 * 1024 + 1),
    });
    await page.getByText(nl.errors.file.tooLarge).waitFor();
    expect(await page.getByRole('link', { name: 'Opname.pdf' }).count()).toBe(0);
  });
});
