import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, type ServerProcess, spawnServer } from '@klankbord/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nl from '../src/lib/i18n/nl.json';
import { axeProblems } from './support/a11y.ts';
import { addMember, NETWORK, type Person, setUpFirstAccount } from './support/accounts.ts';
import { loadDemoData } from './support/demo-data.ts';
import { addStatement, createMeeting, moveMeeting } from './support/meetings.ts';
import { DAAN as MEMBER, SANNE as SECRETARIAT } from './support/people.ts';

// Every page of the web app, as a visitor, as the secretariaat and as a deelnemer, on a 360 px phone and at
// 1280 px, over the network's demo history plus a netwerkdag in each status, a cast vote and a marked voorbeeld:
// no serious axe violation, nothing wider than the screen, and a clean console.

const serverDir = fileURLToPath(new URL('../../server', import.meta.url));
const webBuildDir = fileURLToPath(new URL('../build', import.meta.url));
const WIDTHS = [360, 1280] as const;

async function call(context: BrowserContext, url: string, method: string, path: string, data?: object) {
  const response = await context.request.fetch(`${url}${path}`, {
    method,
    ...(data ? { data } : {}),
    headers: { origin: url },
  });
  expect(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return (response.status() === 204 ? {} : await response.json()) as Record<string, unknown>;
}

/** The contrast ratio (WCAG) of two CSS rgb() colours. */
function contrast(first: string, second: string): number {
  const luminance = (colour: string) => {
    const [r, g, b] = (colour.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((part) => {
      const value = Number(part) / 255;
      return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
  };
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}

/**
 * Buttons, disclosures and the labels of checkboxes and radio buttons that are less than 44 px tall (buttons also
 * less than 44 px wide). Links in running text are exempt (WCAG 2.5.5), and so is the editor's toolbar for now.
 */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const targets = document.querySelectorAll(
      '.button, summary, label:has(> input[type="checkbox"]), label:has(> input[type="radio"]), input[type="checkbox"] + label, input[type="radio"] + label',
    );
    return [...targets]
      .filter((element) => {
        const box = element.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) return false;
        return box.height < 43.5 || (element.classList.contains('button') && box.width < 43.5);
      })
      .map((element) => {
        const box = element.getBoundingClientRect();
        const text = (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
        return `${element.tagName.toLowerCase()} "${text}" (${Math.round(box.width)}×${Math.round(box.height)})`;
      });
  });
}

describe('every page on a phone and a desk, signed out and in', () => {
  let dataDir = '';
  let server: ServerProcess;
  let browser: Browser;
  const contexts: Record<'secretariat' | 'member', BrowserContext> = {} as never;
  /** Paths that need nobody signed in (links with a secret in them). */
  const publicPaths: string[] = [];
  /** Paths of the signed-in app, for both roles. */
  const memberPaths: string[] = [];
  /** Paths only the secretariaat may see: the audit log, a netwerkdag in preparation. */
  const secretariatPaths: string[] = [];
  let examplePath = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'klankbord-a11y-'));
    // A copy of the build this run made: these pages take minutes, and another run may rebuild the original.
    const webDir = join(dataDir, 'web');
    cpSync(webBuildDir, webDir, { recursive: true });
    await loadDemoData(dataDir);
    [server, browser] = await Promise.all([
      spawnServer({ serverDir, dataDir, env: { WEB_DIR: webDir } }),
      launchChromium(),
    ]);
    const url = server.url;
    contexts.secretariat = await browser.newContext();
    contexts.member = await browser.newContext();
    await setUpFirstAccount(contexts.secretariat, url, SECRETARIAT);
    await addMember(contexts.secretariat, contexts.member, url, MEMBER, 'deelnemer');
    const sanne = contexts.secretariat;
    const network = `/networks/${NETWORK.slug}`;

    // A netwerkdag in each status; the live one has a stelling with the deelnemer's vote.
    const statuses = ['preparation', 'published', 'live', 'reporting'] as const;
    const meetings: number[] = [];
    for (const [index, status] of statuses.entries()) {
      const id = await createMeeting(sanne, url, `Netwerkdag ${index + 1} in status ${status}`);
      const statement = await addStatement(sanne, url, id, 'Cameratoezicht werkt vooral preventief');
      const path = statuses.slice(1, index + 1);
      await moveMeeting(sanne, url, id, ...path);
      if (status === 'live') {
        await call(sanne, url, 'POST', `/api/statements/${statement}/voting`, { open: true });
        await call(contexts.member, url, 'PUT', `/api/statements/${statement}/vote`, { position: 'agree' });
        memberPaths.push(`${network}/meetings/${id}/statements/${statement}/projector`);
      }
      meetings.push(id);
    }
    // The newest demo netwerkdag that had deelsessies: closed, with a published verslag and stellingen.
    const { years } = await call(sanne, url, 'GET', `/api/networks/${NETWORK.slug}/meetings`);
    const closed = (years as { meetings: { id: number; status: string }[] }[])
      .flatMap((year) => year.meetings)
      .filter((meeting) => meeting.status === 'closed');
    let past: { id: number } | undefined;
    let session: { id: string } | undefined;
    for (const meeting of closed) {
      const { sessions } = await call(sanne, url, 'GET', `/api/meetings/${meeting.id}/sessions`);
      const { reportPublished } = await call(sanne, url, 'GET', `/api/meetings/${meeting.id}`);
      [past, session] = [meeting, (sessions as { id: string }[])[0]];
      if (session && reportPublished) break;
    }
    if (!past || !session) throw new Error('no demo netwerkdag has deelsessies and a published verslag');
    const publicLink = await call(sanne, url, 'POST', `/api/meetings/${past.id}/report/public-link`);

    // A voorbeeld by the deelnemer that both have marked: the pressed "Dit hielp ons ook".
    const { example } = await call(contexts.member, url, 'POST', `/api/networks/${NETWORK.slug}/examples`, {
      title: 'Buurtbemiddeling via de huisarts',
      status: 'pilot',
      tags: ['Wijkgezondheid'],
    });
    const exampleId = (example as { id: number }).id;
    examplePath = `${network}/examples/${exampleId}`;
    for (const context of [sanne, contexts.member])
      await call(context, url, 'PUT', `/api/examples/${exampleId}/mark`, { marked: true });

    // Links for a visitor: an open invitation and a new-password link.
    const invitation = await call(sanne, url, 'POST', `/api/networks/${NETWORK.slug}/invitations`, {
      email: 'gerda@vng.example',
      role: 'gast',
    });
    const { members } = await call(sanne, url, 'GET', `/api/networks/${NETWORK.slug}/members`);
    const dirk = (members as { userId: number; email: string }[]).find((m) => m.email === MEMBER.email);
    const reset = await call(
      sanne,
      url,
      'POST',
      `/api/networks/${NETWORK.slug}/members/${dirk?.userId}/password-reset`,
    );
    publicPaths.push(
      '/',
      '/login',
      '/setup',
      new URL(invitation.link as string).pathname,
      new URL(reset.link as string).pathname,
      new URL(publicLink.url as string).pathname,
    );

    memberPaths.push(
      '/networks',
      network,
      `${network}/meetings`,
      ...meetings.slice(1).map((id) => `${network}/meetings/${id}`),
      `${network}/meetings/${past.id}`,
      `${network}/meetings/${past.id}/programme`,
      `${network}/meetings/${past.id}/sessions`,
      `${network}/meetings/${past.id}/sessions/${session.id}`,
      `${network}/meetings/${past.id}/report`,
      `${network}/meetings/${past.id}/report/print`,
      `${network}/meetings/${past.id}/report/published`,
      `${network}/afspraken`,
      `${network}/archive`,
      `${network}/examples`,
      `${network}/examples/new`,
      `${network}/examples/${exampleId}`,
      `/search?q=${encodeURIComponent('veiligheid')}`,
      '/account',
    );
    secretariatPaths.push(`${network}/audit`, `${network}/meetings/${meetings[0]}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /**
   * Opens each path in a fresh page of `context` at `width` and lists what is wrong: console errors (and linkify
   * warnings), uncaught errors, axe's serious and critical violations, and a page wider than the window.
   */
  async function problemsOn(context: BrowserContext, width: number, paths: string[]): Promise<string[]> {
    const problems: string[] = [];
    for (const path of paths) {
      const page: Page = await context.newPage();
      await page.setViewportSize({ width, height: 800 });
      page.on('console', (message) => {
        if (message.type() === 'error' || (message.type() === 'warning' && /linkify/i.test(message.text())))
          problems.push(`${path} @${width}: console ${message.type()}: ${message.text()} ${message.location().url}`);
      });
      page.on('pageerror', (error) => problems.push(`${path} @${width}: uncaught ${error.message}`));
      await page.goto(`${server.url}${path}`);
      if (
        !(await page
          .locator('h1')
          .first()
          .waitFor({ timeout: 15_000 })
          .then(
            () => true,
            () => false,
          ))
      ) {
        const text = ((await page.locator('body').textContent()) ?? '').slice(0, 200).replace(/\s+/g, ' ');
        problems.push(`${path} @${width}: no heading after 15 s (${page.url()}: ${text})`);
        await page.close();
        continue;
      }
      // Lists and panels load after the heading; wait until the page stops fetching (live streams never end).
      await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => undefined);
      await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 5000 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) problems.push(`${path} @${width}: ${overflow} px wider than the window`);
      for (const violation of await axeProblems(page)) problems.push(`${path} @${width}: ${violation}`);
      for (const target of await smallTargets(page)) problems.push(`${path} @${width}: ${target} is under 44 px`);
      await page.close();
    }
    return problems;
  }

  it('keeps the keyboard where it was after marking, uploading and removing', async () => {
    const page = await contexts.member.newPage();
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(`${server.url}${examplePath}`);
    const active = () => page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80) ?? 'nothing');

    // Marked in set-up; Enter takes the mark back and gives it again, and focus stays on the button.
    const mark = page.getByRole('button', { name: nl.examples.mark.button });
    await mark.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => mark.getAttribute('aria-pressed')).toBe('false');
    await page.keyboard.press('Enter');
    await expect.poll(() => mark.getAttribute('aria-pressed')).toBe('true');
    expect(await mark.evaluate((button) => button === document.activeElement), await active()).toBe(true);
    // Pressed and hovered, its text still stands out from its background (AA: 4.5:1).
    await mark.hover();
    const [text, background] = await mark.evaluate((button) => {
      const style = getComputedStyle(button);
      return [style.color, style.backgroundColor];
    });
    expect(contrast(text ?? '', background ?? '')).toBeGreaterThanOrEqual(4.5);

    // After an upload the keyboard goes on from the new file's link.
    const file = Buffer.alloc(2000, 0x20);
    file.write('%PDF-1.7\n');
    await page
      .getByLabel(nl.attachments.add)
      .setInputFiles({ name: 'Draaiboek.pdf', mimeType: 'application/pdf', buffer: file });
    const link = page.getByRole('link', { name: 'Draaiboek.pdf' });
    await link.waitFor();
    await page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Draaiboek.pdf');

    // After removing it, from the heading of the list it was in.
    const files = page.getByRole('region', { name: nl.attachments.title });
    await files.getByRole('button', { name: new RegExp(`^${nl.attachments.remove}.*Draaiboek\\.pdf`) }).click();
    await page.getByRole('dialog').getByRole('button', { name: nl.attachments.remove }).click();
    await link.waitFor({ state: 'detached' });
    const heading = page.getByRole('heading', { name: nl.attachments.title });
    await page.waitForFunction(() => document.activeElement?.tagName.startsWith('H'));
    expect(await heading.evaluate((element) => element === document.activeElement), await active()).toBe(true);
    await page.close();

    // After removing a voorbeeld, from the heading of the library it was in.
    const { example } = await call(contexts.member, server.url, 'POST', `/api/networks/${NETWORK.slug}/examples`, {
      title: 'Een voorbeeld om te verwijderen',
    });
    const secretariat = await contexts.secretariat.newPage();
    await secretariat.goto(`${server.url}/networks/${NETWORK.slug}/examples/${(example as { id: number }).id}`);
    await secretariat.getByRole('button', { name: nl.examples.delete.button, exact: true }).click();
    await secretariat.getByRole('dialog').getByRole('button', { name: nl.examples.delete.button }).click();
    await secretariat.getByRole('heading', { level: 1, name: nl.examples.title }).waitFor();
    await secretariat.waitForFunction(() => document.activeElement?.id === 'library-heading');
    await secretariat.close();
  });

  it('gives the search box most of a phone’s width', async () => {
    const page = await contexts.member.newPage();
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(`${server.url}/search`);
    const box = await page.getByRole('searchbox', { name: nl.search.labelEverything }).boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(200);
    expect(box?.height).toBeGreaterThanOrEqual(44);
    await page.close();
  });

  for (const width of WIDTHS) {
    it(`shows every page to a visitor at ${width} px without a problem`, { timeout: 180_000 }, async () => {
      const visitor = await browser.newContext();
      try {
        expect(await problemsOn(visitor, width, publicPaths)).toEqual([]);
      } finally {
        await visitor.close();
      }
    });

    for (const [who, person] of [
      ['secretariat', SECRETARIAT],
      ['member', MEMBER],
    ] as [keyof typeof contexts, Person][]) {
      it(`shows every page to ${person.name} (${who}) at ${width} px without a problem`, {
        timeout: 300_000,
      }, async () => {
        const paths = who === 'secretariat' ? [...memberPaths, ...secretariatPaths] : memberPaths;
        expect(await problemsOn(contexts[who], width, paths)).toEqual([]);
      });
    }
  }
});
