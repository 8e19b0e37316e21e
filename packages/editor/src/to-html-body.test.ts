import { describe, expect, it } from 'vitest';
import { report } from './fixtures/report.ts';
import { toHtmlBody } from './to-html-body.ts';

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
