import { describe, expect, it } from 'vitest';
import { decide } from './access.ts';
import { barrierReportInput } from './barrier-report.ts';
import { roles } from './roles.ts';

describe('barrier reports in the one access decision', () => {
  it('lets anyone report a barrier, signed out or with any role', () => {
    expect(decide('barrierReports', 'submit', { role: null })).toBe('allow');
    for (const role of roles)
      expect(decide('barrierReports', 'submit', { role: null, rolesAnywhere: [role] })).toBe('allow');
  });

  it('lets only a secretariaat of some network read and handle them', () => {
    for (const need of ['read', 'handle'] as const) {
      expect(decide('barrierReports', need, { role: null })).toBe('forbidden');
      expect(
        decide('barrierReports', need, { role: null, rolesAnywhere: ['klankbordgroep', 'deelnemer', 'gast'] }),
      ).toBe('forbidden');
      expect(decide('barrierReports', need, { role: null, rolesAnywhere: ['gast', 'secretariaat'] })).toBe('allow');
    }
  });
});

describe('a barrier report’s input', () => {
  const valid = { page: '/networks/ngs', description: 'De knop is niet te bereiken.' };

  it('takes a path of this site and an optional e-mail address, lower-cased', () => {
    expect(barrierReportInput.parse({ ...valid, email: ' Melder@Example.NL ' })).toEqual({
      ...valid,
      email: 'melder@example.nl',
    });
    expect(barrierReportInput.parse({ ...valid, email: '' }).email).toBeNull();
    expect(barrierReportInput.parse(valid).email).toBeNull();
  });

  it('refuses an address elsewhere, in any disguise', () => {
    for (const page of [
      'https://elders.example/',
      '//elders.example',
      '/\\elders.example',
      'javascript:alert(1)',
      '/a b',
    ])
      expect(barrierReportInput.safeParse({ ...valid, page }).success, page).toBe(false);
  });
});
