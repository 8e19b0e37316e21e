import { describe, expect, it } from 'vitest';
import { DOCUMENT_NAME_MAX_LENGTH, parseDocumentName } from './document-name.ts';

describe('parseDocumentName', () => {
  it('reads kind and scope from the first two segments', () => {
    expect(parseDocumentName('programme:ngs:2025-voorjaar')).toEqual({
      name: 'programme:ngs:2025-voorjaar',
      kind: 'programme',
      scope: 'ngs',
    });
  });

  it('accepts a name of one segment with an empty scope', () => {
    expect(parseDocumentName('scratch')).toEqual({ name: 'scratch', kind: 'scratch', scope: '' });
  });

  it.each([
    ['empty', ''],
    ['upper case', 'Programme:ngs'],
    ['empty segment', 'programme::x'],
    ['path traversal', '../etc/passwd'],
    ['spaces', 'programme ngs'],
    ['html', '<script>'],
    ['too long', 'a'.repeat(DOCUMENT_NAME_MAX_LENGTH + 1)],
  ])('refuses a name that is %s', (_label, name) => {
    expect(parseDocumentName(name)).toBeNull();
  });
});
