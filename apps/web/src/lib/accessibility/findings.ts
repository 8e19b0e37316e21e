import findingsJson from './findings.json';

/** Who a page was audited as: signed out, or a member with that role. */
export type AuditWho = 'bezoeker' | 'gast' | 'deelnemer' | 'secretariaat';

/** One axe rule the audit found broken, and where. */
export interface AuditRule {
  /** axe's rule id, e.g. `color-contrast`. */
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical';
  /** axe's own one-line description (English). */
  help: string;
  helpUrl: string;
  /** The WCAG success criteria the rule checks, e.g. `1.4.3`. */
  criteria: string[];
  /** How many elements broke it, over every page, role and width. */
  count: number;
  /** `path (who, width px)` for each page where it was found. */
  pages: string[];
}

/** What the accessibility audit (scripts/accessibility-audit.ts) found, as the statement renders it. */
export interface AuditFindings {
  /** The day of the audit (YYYY-MM-DD). */
  checkedOn: string;
  tool: string;
  /** The axe tags (rule sets) that ran. */
  tags: string[];
  widths: number[];
  /** Every page audited, with its numbers named (`/networks/…/meetings/[id]`), and as whom. */
  pages: { path: string; who: AuditWho }[];
  rules: AuditRule[];
}

/** The committed findings; e2e/accessibility-audit.test.ts fails when they no longer match the audit. */
export const findings = findingsJson as AuditFindings;
