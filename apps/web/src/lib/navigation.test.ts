import { describe, expect, it } from 'vitest';
import { safeNext, signInUrl } from './navigation.ts';

describe('safeNext', () => {
  it('keeps a path on this site', () => {
    expect(safeNext('/networks/ngs?tab=1')).toBe('/networks/ngs?tab=1');
  });

  it('refuses a link to another site', () => {
    for (const next of ['//evil.example', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)']) {
      expect(safeNext(next)).toBe('/networks');
    }
  });

  it('falls back when there is no next page', () => {
    expect(safeNext(null, '/account')).toBe('/account');
  });
});

describe('signInUrl', () => {
  it('comes back to the page and its query after signing in', () => {
    expect(signInUrl(new URL('http://localhost/invite/abc?x=1'))).toBe('/login?next=%2Finvite%2Fabc%3Fx%3D1');
  });
});
