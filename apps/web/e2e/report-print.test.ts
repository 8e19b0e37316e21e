import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import nl from '../src/lib/i18n/nl.json';
import { NETWORK, setUpFirstAccount } from './support/accounts.ts';
import { writeInReport } from './support/editor.ts';
import { createMeeting, moveMeeting } from './support/meetings.ts';
import { SANNE } from './support/people.ts';
import { useKlankbord } from './support/server.ts';

const TITLE = 'Netwerkdag afdrukken 2026';
const WORDS = 'De klankbordgroep blikte terug op het jaar.';

describe('the print view of a finalised verslag', () => {
  const { server, browser } = useKlankbord();
  let sanne: Page;
  let meetingId = 0;

  beforeAll(async () => {
    const context = await browser.newContext();
    await setUpFirstAccount(context, server.url, SANNE);
    meetingId = await createMeeting(context, server.url, TITLE);
    await moveMeeting(context, server.url, meetingId, 'published', 'live', 'reporting');
    sanne = await context.newPage();
  });

  it('says Definitief, by whom and in which version, and never Concept', async () => {
    await writeInReport(sanne, server.url, { id: meetingId, title: TITLE }, WORDS);
    await sanne.getByRole('button', { name: nl.report.finalise.button }).click();
    await sanne.getByText(nl.report.finalise.done).waitFor();

    await sanne.goto(`${server.url}/networks/${NETWORK.slug}/meetings/${meetingId}/report/print`);
    await sanne.getByRole('heading', { level: 1 }).waitFor();
    const page = (await sanne.locator('.published-report').textContent()) ?? '';
    expect(page).toContain(WORDS);
    expect(page).toMatch(new RegExp(`Definitief, vastgesteld door ${SANNE.name}`));
    expect(page).not.toContain('Concept');
    expect(page).not.toContain('niet de definitieve tekst');
  });
});
