import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runAccessibilityAudit } from '../scripts/accessibility-audit.ts';
import findings from '../src/lib/accessibility/findings.json';

// The toegankelijkheidsverklaring renders src/lib/accessibility/findings.json. This runs the audit that wrote it
// again, on the build of this run, and fails when the file no longer says what the audit finds: then run
// `pnpm --filter @klankbord/web a11y-audit` and commit the new findings (and fix what they show).

const webBuildDir = fileURLToPath(new URL('../build', import.meta.url));

describe('the accessibility statement’s findings', () => {
  it('say exactly what the axe audit of the main pages finds today', { timeout: 900_000 }, async () => {
    const audited = await runAccessibilityAudit(webBuildDir, findings.checkedOn);
    // Every kind of page as every role: a statement about a handful of pages would say little.
    expect(audited.pages.length).toBeGreaterThanOrEqual(40);
    expect(new Set(audited.pages.map((page) => page.who))).toEqual(
      new Set(['bezoeker', 'gast', 'deelnemer', 'secretariaat']),
    );
    expect(audited).toEqual(findings);
  });
});
