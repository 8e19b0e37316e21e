import { describe, expect, it } from 'vitest';
import { parseMeetingDocumentName } from './document-kinds.ts';
import {
  DOCUMENT_NAME_MAX_LENGTH,
  parseDocumentName,
  programmeDocumentName,
  reportDocumentName,
  sessionNotesDocumentName,
} from './document-name.ts';

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

describe('meeting document names', () => {
  it('names and reads back a programme and session notes', () => {
    expect(parseMeetingDocumentName(programmeDocumentName('ngs', 12))).toEqual({
      kind: 'programme',
      networkSlug: 'ngs',
      meetingId: 12,
    });
    expect(parseMeetingDocumentName(sessionNotesDocumentName('ngs', 'abc123'))).toEqual({
      kind: 'session-notes',
      networkSlug: 'ngs',
      sessionId: 'abc123',
    });
    expect(parseMeetingDocumentName(reportDocumentName('ngs', 7))).toEqual({
      kind: 'report',
      networkSlug: 'ngs',
      meetingId: 7,
    });
  });

  it.each([
    ['a programme without a meeting id', 'programme:ngs:2025-voorjaar'],
    ['a leading zero', 'programme:ngs:012'],
    ['an extra segment', 'programme:ngs:12:x'],
    ['no id', 'session-notes:ngs'],
    ['another kind', 'example:ngs:12'],
    ['a report without a meeting id', 'report:ngs:verslag'],
  ])('is not a meeting document: %s', (_label, name) => {
    expect(parseMeetingDocumentName(name)).toBeNull();
  });
});
