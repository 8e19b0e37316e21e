import { describe, expect, it } from 'vitest';
import { report } from './fixtures/report.ts';
import { toHtml, toHtmlBody } from './to-html.ts';

const paragraph = (...content: object[]) => ({ type: 'doc', content: [{ type: 'paragraph', content }] });

describe('toHtml', () => {
  it('escapes a script typed as text', () => {
    const html = toHtml(paragraph({ type: 'text', text: '<script>alert("x")</script>' }));
    expect(html).not.toContain('<script');
    expect(html).toContain('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>');
  });

  it('drops a javascript: link but keeps its text', () => {
    const html = toHtml(
      paragraph({ type: 'text', text: 'klik', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }),
    );
    expect(html).not.toMatch(/javascript:|<a /);
    expect(html).toContain('<p>klik</p>');
  });

  it('keeps a hostile image title, alt text and link inside their quoted attributes', () => {
    const attack = '"\n\n><img src=x onerror=alert(1)>\'';
    const html = toHtmlBody({
      type: 'doc',
      content: [
        { type: 'image', attrs: { src: 'https://example.org/a.png', alt: attack, title: attack } },
        paragraph({
          type: 'text',
          text: 'klik',
          marks: [{ type: 'link', attrs: { href: `https://example.org/${attack}` } }],
        }).content[0]!,
      ],
    });
    const escaped = '&quot;\n\n&gt;&lt;img src=x onerror=alert(1)&gt;&#39;';
    expect(html.match(/<[a-z]+/g)).toEqual(['<p', '<img', '<p', '<a']);
    expect(html).toContain(`<img src="https://example.org/a.png" alt="${escaped}" title="${escaped}">`);
    expect(html).toContain(`<a href="https://example.org/${escaped}"`);
  });

  it('leaves out an image whose source is not http(s), keeping its alt text', () => {
    const html = toHtml({
      type: 'doc',
      content: [{ type: 'image', attrs: { src: 'javascript:alert(1)', alt: 'foto' } }],
    });
    expect(html).not.toMatch(/javascript:|<img/);
    expect(html).toContain('<p>foto</p>');
  });

  it('renders a complete page with the title as h1 and the document headings below it', () => {
    const html = toHtml(report, { title: 'Verslag <G40>' });
    expect(html).toMatch(/^<!doctype html>\n<html lang="nl">/);
    expect(html).toContain('<title>Verslag &lt;G40&gt;</title>');
    expect(html).toContain('<h1>Verslag &lt;G40&gt;</h1>\n<h2>Netwerkdag Eindhoven</h2>');
    expect(html).toContain('<h3>Afspraken</h3>');
    expect(html).toContain(
      '<a href="https://example.org/programma" rel="noopener noreferrer nofollow">de netwerksite</a>',
    );
    expect(html).toContain('<tr><th scope="col"><p>Stad</p></th><th scope="col"><p>Incidenten</p></th></tr>');
    expect(html).toContain('<ul>\n<li><p>Binnenstad</p></li>');
    expect(html).toMatch(/<\/html>\n$/);
  });
});

describe('toHtmlBody', () => {
  it('renders only the content, headings from h2, for a page that has its own h1', () => {
    const html = toHtmlBody(report);
    expect(html).toMatch(/^<h2>Netwerkdag Eindhoven<\/h2>/);
    expect(html).not.toMatch(/<h1|<html|<head|<body|<main|<style|<title/);
    expect(html).toContain('<h3>Afspraken</h3>');
  });

  it('keeps text that looks like the page around it as escaped text', () => {
    const html = toHtmlBody({
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: '</main><script>x</script>' }] }],
    });
    expect(html).toBe('<p>&lt;/main&gt;&lt;script&gt;x&lt;/script&gt;</p>');
  });

  it('is empty for an empty document', () => {
    expect(toHtmlBody({ type: 'doc', content: [] })).toBe('');
  });
});
