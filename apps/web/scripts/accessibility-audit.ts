import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchChromium, spawnServer } from '@klankbord/testing';
import type { BrowserContext, Page } from 'playwright-core';
import { AXE_TAGS, analyseWithAxe } from '../e2e/support/a11y.ts';
import { loadDemoData } from '../e2e/support/demo-data.ts';
import type { AuditFindings, AuditRule, AuditWho } from '../src/lib/accessibility/findings.ts';

const serverDir = fileURLToPath(new URL('../../server', import.meta.url));
const webBuildDir = fileURLToPath(new URL('../build', import.meta.url));
/** Where the statement reads its findings from. */
export const FINDINGS_FILE = fileURLToPath(new URL('../src/lib/accessibility/findings.json', import.meta.url));

const NETWORK = 'netwerk-grote-steden';
const WIDTHS = [360, 1280] as const;
const PEOPLE = {
  secretariaat: { name: 'Sanne de Vries', email: 'sanne@ccv.example', password: 'netwerkdag in Tilburg' },
  deelnemer: { name: 'Daan Jansen', email: 'daan@eindhoven.example', password: 'deelnemer uit Eindhoven' },
  gast: { name: 'Gerda Mulder', email: 'gerda@vng.example', password: 'gast van de VNG' },
};

async function call(context: BrowserContext, url: string, method: string, path: string, data?: object) {
  const response = await context.request.fetch(`${url}${path}`, {
    method,
    ...(data ? { data } : {}),
    headers: { origin: url },
  });
  if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** A path with its numbers named, so that the findings say which kind of page, not which row. */
function pattern(path: string): string {
  return path
    .replace(/\/meetings\/\d+/, '/meetings/[id]')
    .replace(/\/sessions\/[^/?]+/, '/sessions/[id]')
    .replace(/\?.*$/, '');
}

/** The WCAG success criteria of an axe rule's tags: `wcag143` → `1.4.3`. */
function criteria(tags: readonly string[]): string[] {
  return tags
    .map((tag) => /^wcag(\d)(\d)(\d+)$/.exec(tag))
    .filter((match) => match !== null)
    .map((match) => `${match[1]}.${match[2]}.${match[3]}`);
}

/**
 * Audits the built web app (`webDir`, a copy of apps/web/build) on a server with the demo history, and returns
 * the findings dated `checkedOn`.
 */
export async function runAccessibilityAudit(
  webDir: string,
  checkedOn = new Date().toISOString().slice(0, 10),
): Promise<AuditFindings> {
  const dataDir = mkdtempSync(join(tmpdir(), 'klankbord-audit-'));
  const ownWeb = join(dataDir, 'web');
  // A copy of the build: the audit takes minutes, and another run may rebuild the original meanwhile.
  cpSync(webDir, ownWeb, { recursive: true });
  await loadDemoData(dataDir);
  const [server, browser] = await Promise.all([
    spawnServer({ serverDir, dataDir, env: { WEB_DIR: ownWeb } }),
    launchChromium(),
  ]);
  try {
    const url = server.url;
    const contexts: Record<AuditWho, BrowserContext> = {
      bezoeker: await browser.newContext(),
      gast: await browser.newContext(),
      deelnemer: await browser.newContext(),
      secretariaat: await browser.newContext(),
    };
    await call(contexts.secretariaat, url, 'POST', '/api/setup', { ...PEOPLE.secretariaat, organisationId: null });
    for (const role of ['deelnemer', 'gast'] as const) {
      const { link } = await call(contexts.secretariaat, url, 'POST', `/api/networks/${NETWORK}/invitations`, {
        email: PEOPLE[role].email,
        role,
      });
      const token = new URL(link as string).pathname.split('/').at(-1);
      await call(contexts[role], url, 'POST', `/api/invitations/${token}/accept`, {
        name: PEOPLE[role].name,
        password: PEOPLE[role].password,
        organisationId: null,
      });
    }

    // The newest demo netwerkdag that is closed, with deelsessies and a published verslag.
    const { years } = await call(contexts.secretariaat, url, 'GET', `/api/networks/${NETWORK}/meetings`);
    const closed = (years as { meetings: { id: number; status: string }[] }[])
      .flatMap((year) => year.meetings)
      .filter((meeting) => meeting.status === 'closed');
    let meeting: number | undefined;
    let session: string | undefined;
    for (const candidate of closed) {
      const { sessions } = await call(contexts.secretariaat, url, 'GET', `/api/meetings/${candidate.id}/sessions`);
      const { reportPublished } = await call(contexts.secretariaat, url, 'GET', `/api/meetings/${candidate.id}`);
      session = (sessions as { id: string }[])[0]?.id;
      meeting = candidate.id;
      if (session && reportPublished) break;
    }
    if (meeting === undefined || session === undefined) throw new Error('no demo netwerkdag to audit');

    const network = `/networks/${NETWORK}`;
    const everyone = ['/', '/toegankelijkheid'];
    const members = [
      ...everyone,
      '/networks',
      network,
      `${network}/meetings`,
      `${network}/meetings/${meeting}`,
      `${network}/meetings/${meeting}/programme`,
      `${network}/meetings/${meeting}/sessions/${session}`,
      `${network}/meetings/${meeting}/report/published`,
      `${network}/afspraken`,
      `${network}/archive`,
      `${network}/examples`,
      `/search?q=${encodeURIComponent('veiligheid')}`,
      '/notifications',
      '/account',
    ];
    const paths: Record<AuditWho, string[]> = {
      bezoeker: [...everyone, '/login'],
      gast: members,
      deelnemer: [...members, `${network}/meetings/${meeting}/report`, `${network}/examples/new`],
      secretariaat: [
        ...members,
        `${network}/meetings/${meeting}/report`,
        `${network}/examples/new`,
        `${network}/audit`,
        '/toegankelijkheid/meldingen',
      ],
    };

    const rules = new Map<string, AuditRule & { seenOn: Set<string> }>();
    const pages: AuditFindings['pages'] = [];
    for (const [who, list] of Object.entries(paths) as [AuditWho, string[]][]) {
      for (const path of list) {
        pages.push({ path: pattern(path), who });
        for (const width of WIDTHS) {
          const page: Page = await contexts[who].newPage();
          await page.setViewportSize({ width, height: 800 });
          await page.goto(`${url}${path}`);
          await page.locator('h1').first().waitFor({ timeout: 15_000 });
          // Lists and panels load after the heading; wait until the page stops fetching (live streams never end).
          await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => undefined);
          await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 5000 });
          const results = await analyseWithAxe(page);
          for (const violation of results.violations) {
            const rule = rules.get(violation.id) ?? {
              id: violation.id,
              impact: violation.impact ?? 'minor',
              help: violation.help,
              helpUrl: violation.helpUrl.replace(/\?.*$/, ''),
              criteria: criteria(violation.tags),
              count: 0,
              pages: [],
              seenOn: new Set<string>(),
            };
            rule.count += violation.nodes.length;
            rule.seenOn.add(`${pattern(path)} (${who}, ${width} px)`);
            rules.set(violation.id, rule);
          }
          await page.close();
        }
      }
    }
    return {
      checkedOn,
      tool: 'axe-core',
      tags: AXE_TAGS,
      widths: [...WIDTHS],
      pages,
      rules: [...rules.values()]
        .map(({ seenOn, ...rule }) => ({ ...rule, pages: [...seenOn].sort() }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    };
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// Run as a command: audit the build and write the findings the statement renders.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const findings = await runAccessibilityAudit(webBuildDir);
  writeFileSync(FINDINGS_FILE, `${JSON.stringify(findings, null, 2)}\n`);
  const elements = findings.rules.reduce((sum, rule) => sum + rule.count, 0);
  console.log(
    `${findings.pages.length} page views audited at ${findings.widths.join(' and ')} px: ` +
      `${findings.rules.length} rules with ${elements} elements found; written to ${FINDINGS_FILE}`,
  );
}
