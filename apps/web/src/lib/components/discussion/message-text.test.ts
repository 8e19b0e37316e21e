import { describe, expect, it } from 'vitest';
import { mentionsIn, messageParts } from './message-text.ts';

describe('messageParts', () => {
  it('keeps HTML as text and links only http(s) URLs', () => {
    expect(messageParts('<b>zie</b> https://ccv.nl/x. javascript:alert(1)', null)).toEqual([
      { kind: 'text', text: '<b>zie</b> ' },
      { kind: 'link', text: 'https://ccv.nl/x', href: 'https://ccv.nl/x' },
      { kind: 'text', text: '. javascript:alert(1)' },
    ]);
  });

  it('marks a mention of the viewer', () => {
    expect(messageParts('Vraag voor @Anna Smit: kom je?', 'Anna Smit')).toEqual([
      { kind: 'text', text: 'Vraag voor ' },
      { kind: 'me', text: '@Anna Smit' },
      { kind: 'text', text: ': kom je?' },
    ]);
  });
});

describe('mentionsIn', () => {
  it('drops a picked member whose name was removed from the text', () => {
    const picked = new Map([
      [1, 'Anna'],
      [2, 'Bram'],
    ]);
    expect(mentionsIn('Hoi @Bram', picked)).toEqual([2]);
  });
});
