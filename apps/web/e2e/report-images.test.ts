import { samplePng } from '@klankbord/editor/fixtures';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import nl from '../src/lib/i18n/nl.json';
import { setUpFirstAccount } from './support/accounts.ts';
import { writeInReport } from './support/editor.ts';
import { createMeeting, moveMeeting } from './support/meetings.ts';
import { fill } from './support/messages.ts';
import { SANNE } from './support/people.ts';
import { useKlankbord } from './support/server.ts';

const TITLE = 'Netwerkdag met beeld 2026';

describe('an image of the verslag’s own bestanden', () => {
  const { server, browser } = useKlankbord();
  let sanne: Page;
  let meetingId = 0;

  beforeAll(async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
    await setUpFirstAccount(context, server.url, SANNE);
    meetingId = await createMeeting(context, server.url, TITLE);
    await moveMeeting(context, server.url, meetingId, 'published', 'live', 'reporting');
    sanne = await context.newPage();
  });

  it('is chosen from the bestanden in the image form, shows in the text and is embedded in the Word file', async () => {
    await writeInReport(sanne, server.url, { id: meetingId, title: TITLE }, 'Het schema van de dag: ');
    await sanne.getByLabel(nl.attachments.add).setInputFiles({
      name: 'Schema van de dag.png',
      mimeType: 'image/png',
      buffer: samplePng(),
    });
    await sanne.getByText('Schema van de dag.png is toegevoegd.').waitFor();

    const editor = sanne.getByRole('textbox', { name: fill(nl.report.editorLabel, { meeting: TITLE }) });
    await editor.click();
    await sanne.keyboard.press('End');
    await sanne.getByRole('button', { name: nl.richText.image }).click();
    await sanne.getByLabel(nl.richText.ownImage).selectOption({ label: 'Schema van de dag.png' });
    // The description starts as the file's name; the person may say more.
    await expect.poll(() => sanne.getByLabel(nl.richText.imageAlt).inputValue()).toBe('Schema van de dag');
    await sanne.getByRole('button', { name: nl.richText.apply }).click();

    const image = editor.getByRole('img', { name: 'Schema van de dag' });
    await image.waitFor();
    // Loaded from our own origin under the page's security policy: it has its pixels.
    await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.naturalWidth)).toBe(240);

    const response = await sanne.request.get(`${server.url}/api/meetings/${meetingId}/report/export/docx`);
    expect(response.status()).toBe(200);
    // A zip names its parts uncompressed: the Word file holds the image as a part of its own.
    expect((await response.body()).toString('latin1')).toMatch(/word\/media\/[^/]+\.png/);
  });
});
