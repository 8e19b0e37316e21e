import { describe, expect, it } from 'vitest';
import { findLinks, MESSAGE_MAX_LENGTH, messageInput, messageSegments, parseSubject } from './discussion.ts';

const hrefs = (text: string) => findLinks(text).map((link) => link.href);

describe('findLinks', () => {
  it('finds http and https URLs with their positions', () => {
    const text = 'Zie https://www.hetccv.nl/onderwerpen en http://example.nl/a?b=1#c voor meer.';
    const links = findLinks(text);
    expect(links.map((link) => link.text)).toEqual(['https://www.hetccv.nl/onderwerpen', 'http://example.nl/a?b=1#c']);
    for (const link of links) expect(text.slice(link.start, link.end)).toBe(link.text);
  });

  it('never links javascript:, data: or other schemes', () => {
    expect(hrefs('javascript:alert(1) data:text/html,<b>x</b> ftp://example.nl mailto:a@b.nl')).toEqual([]);
    // The https URL inside is a link of its own; the javascript: before it stays text.
    expect(messageSegments('javascript://https://example.nl')).toEqual([
      { text: 'javascript://' },
      { text: 'https://example.nl', href: 'https://example.nl/' },
    ]);
  });

  it('does not start a link inside a word', () => {
    expect(hrefs('xhttps://example.nl')).toEqual([]);
  });

  it('keeps HTML out of a link and links nothing in a tag', () => {
    expect(hrefs('<a href="javascript:alert(1)">klik</a>')).toEqual([]);
    expect(hrefs('<a href="https://example.nl/x">klik</a>')).toEqual(['https://example.nl/x']);
    expect(hrefs('https://example.nl/<script>alert(1)</script>')).toEqual(['https://example.nl/']);
  });

  it('leaves trailing punctuation and unbalanced brackets outside the link', () => {
    expect(hrefs('Kijk op https://example.nl/verslag.')).toEqual(['https://example.nl/verslag']);
    expect(hrefs('(zie https://example.nl/a), en https://example.nl/b?!')).toEqual([
      'https://example.nl/a',
      'https://example.nl/b',
    ]);
    expect(hrefs('https://nl.wikipedia.org/wiki/Carbid_(stof).')).toEqual([
      'https://nl.wikipedia.org/wiki/Carbid_(stof)',
    ]);
  });

  it('skips a URL without a host', () => {
    expect(hrefs('https:// en http://')).toEqual([]);
  });
});

describe('messageSegments', () => {
  it('cuts a message into text and links that add up to the message', () => {
    const text = 'Voorbeeld: https://example.nl/a <b>vet</b>';
    const segments = messageSegments(text);
    expect(segments).toEqual([
      { text: 'Voorbeeld: ' },
      { text: 'https://example.nl/a', href: 'https://example.nl/a' },
      { text: ' <b>vet</b>' },
    ]);
    expect(segments.map((segment) => segment.text).join('')).toBe(text);
  });
});

describe('messageInput', () => {
  const errorOf = (input: unknown) => messageInput.safeParse(input).error?.issues[0]?.message;

  it('trims the body and keeps newlines and tabs inside it', () => {
    expect(messageInput.parse({ body: '  eens\r\n\tmet  ' })).toEqual({ body: 'eens\n\tmet', mentions: [] });
  });

  it('refuses an empty body and one over the limit', () => {
    expect(errorOf({ body: ' \n ' })).toBe('body.required');
    expect(errorOf({})).toBe('body.required');
    expect(errorOf({ body: 'x'.repeat(MESSAGE_MAX_LENGTH + 1) })).toBe('body.tooLong');
    expect(messageInput.safeParse({ body: 'x'.repeat(MESSAGE_MAX_LENGTH) }).success).toBe(true);
  });

  it('refuses control characters other than newline and tab', () => {
    expect(errorOf({ body: 'a\u0000b' })).toBe('body.invalid');
    expect(errorOf({ body: 'a\u001bb' })).toBe('body.invalid');
    expect(errorOf({ body: 'a\u007fb' })).toBe('body.invalid');
  });

  it('keeps HTML as the text it is', () => {
    expect(messageInput.parse({ body: '<script>alert(1)</script>' }).body).toBe('<script>alert(1)</script>');
  });

  it('takes at most 20 mentioned user ids, each once', () => {
    expect(messageInput.parse({ body: 'hoi', mentions: [3, 3, 4] }).mentions).toEqual([3, 4]);
    expect(errorOf({ body: 'hoi', mentions: Array.from({ length: 21 }, (_, i) => i + 1) })).toBe('mentions.tooMany');
    expect(errorOf({ body: 'hoi', mentions: ['3'] })).toBe('mentions.invalid');
    expect(errorOf({ body: 'hoi', mentions: [0] })).toBe('mentions.invalid');
  });
});

describe('parseSubject', () => {
  it('reads kind:id and refuses unknown kinds and odd ids', () => {
    expect(parseSubject('theme:12')).toEqual({ kind: 'theme', id: '12' });
    expect(parseSubject('session:k3x9.a_b-c')).toEqual({ kind: 'session', id: 'k3x9.a_b-c' });
    expect(parseSubject('session:.hidden')).toBeUndefined();
    expect(parseSubject('report:1')).toBeUndefined();
    expect(parseSubject('meeting:')).toBeUndefined();
    expect(parseSubject('meeting:1:2')).toBeUndefined();
    expect(parseSubject('meeting')).toBeUndefined();
  });
});
