import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The axe rules every check runs: WCAG 2.0 and 2.1, levels A and AA. The accessibility audit runs the same. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe on the page with the rules of AXE_TAGS. */
export function analyseWithAxe(page: Page) {
  return new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
}

async function seriousViolations(page: Page) {
  const results = await analyseWithAxe(page);
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => node.target.join(' ')),
    }));
}

/** Runs axe (WCAG 2.0/2.1 A and AA rules) on the page and fails on any serious or critical violation. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  expect(await seriousViolations(page), `accessibility violations on ${page.url()}`).toEqual([]);
}

/** The serious and critical axe violations on the page, one line each, for a test that gathers several pages. */
export async function axeProblems(page: Page): Promise<string[]> {
  return (await seriousViolations(page)).map(
    (violation) => `${violation.impact} ${violation.rule} (${violation.help}): ${violation.nodes.join(', ')}`,
  );
}
