import MarkdownIt, { type Token } from 'markdown-it';
import { describe, expect, it } from 'vitest';
import type { RichTextDocument } from './document.ts';
import { toMarkdown } from './to-markdown.ts';

// Rendered as a permissive third-party viewer would: raw HTML on, GitHub's tables and strikethrough on (the
// default preset). Whatever raw HTML the export lets through, this parser turns into an html_* token.
const md = new MarkdownIt({ html: true });

const HOSTILE = [
  '\n\n<img src=x onerror=alert(1)>\n\n',
  '\r\r<script>alert(1)</script>\r\n\r\n<b>vet</b>',
  'a "quote", \'single\' (paren) and \\ back\\',
  '](javascript:alert(1)) [x]: https://evil.example',
  '&lt;img src=x onerror=alert(1)&gt; &#60;script&#62; &#x3C;b&#x3E;',
  '<https://evil.example> <!-- comment --> <?php ?> <![CDATA[x]]>',
  '# kop',
  'kop ##',
  '1. lijst',
  '- lijst',
  '> citaat',
  '    code',
  '---',
  '===',
  '```js',
  '~~~',
  '`code` *schuin* _schuin_ **vet** ~~door~~',
  '| cel | cel |',
  'einde met backslash \\',
];

/** Whitespace collapsed as a browser shows it. */
const shown = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Every token of a parse, inline children included. */
function allTokens(markdown: string): Token[] {
  return md.parse(markdown, {}).flatMap((token) => [token, ...(token.children ?? [])]);
}

/** The text a reader sees in the inline content of the parse, in order. */
function visibleText(tokens: Token[]): string {
  return shown(
    tokens
      .map((token) => {
        if (token.type === 'text' || token.type === 'code_inline') return token.content;
        // An inline token starts a block's text; its children follow it.
        if (token.type === 'softbreak' || token.type === 'hardbreak' || token.type === 'inline') return ' ';
        return '';
      })
      .join(''),
  );
}

function doc(...content: RichTextDocument[]): RichTextDocument {
  return { type: 'doc', content };
}
const paragraph = (...content: RichTextDocument[]) => ({ type: 'paragraph', content });
const text = (value: string, marks: RichTextDocument['marks'] = []) => ({ type: 'text', text: value, marks });
const image = (attrs: Record<string, unknown>) => ({ type: 'image', attrs });

/** Exports, parses and checks that nothing became raw HTML; returns the tokens. */
function exported(document: RichTextDocument, title?: string): Token[] {
  const markdown = toMarkdown(document, title === undefined ? {} : { title });
  const tokens = allTokens(markdown);
  const raw = tokens.filter((token) => token.type === 'html_block' || token.type === 'html_inline');
  expect(
    raw.map((token) => token.content),
    markdown,
  ).toEqual([]);
  return tokens;
}

describe('toMarkdown with hostile text', () => {
  it('Markdown export of a hostile image title', () => {
    const title = 'Foto\n\n<img src=x onerror=alert(1)>\n\n"einde" (echt)';
    const tokens = exported(doc(image({ src: 'https://example.org/a.png', alt: 'Foto', title })));
    const images = tokens.filter((token) => token.type === 'image');
    expect(images).toHaveLength(1);
    expect(shown(String(images[0]!.attrGet('title')))).toBe(shown(title));
    expect(images[0]!.attrGet('src')).toBe('https://example.org/a.png');
    expect(md.render(toMarkdown(doc(image({ src: 'https://example.org/a.png', title }))))).not.toContain('<img src=x');
  });

  it('Markdown export of a hostile link text and image alt text', () => {
    const attack = '\n\n<img src=x onerror=alert(1)>](javascript:alert(1))\n\n<script>alert(1)</script>';
    const link = { type: 'link', attrs: { href: 'https://example.org/' } };
    const tokens = exported(
      doc(paragraph(text(attack, [link])), image({ src: 'https://example.org/a.png', alt: attack, title: attack })),
    );
    expect(tokens.filter((token) => token.type === 'link_open').map((token) => token.attrGet('href'))).toEqual([
      'https://example.org/',
    ]);
    const images = tokens.filter((token) => token.type === 'image');
    expect(images).toHaveLength(1);
    // The alt attribute a renderer writes: the plain text of the parsed label.
    expect(shown(md.renderer.renderInlineAsText(images[0]!.children ?? [], md.options, {}))).toBe(shown(attack));
    expect(shown(String(images[0]!.attrGet('title')))).toBe(shown(attack));
    expect(visibleText(tokens.slice(0, tokens.indexOf(images[0]!)))).toBe(shown(attack));
  });

  it('keeps a hostile href one link, to the URL it names', () => {
    for (const href of [
      'https://example.org/a b\n\n<img src=x onerror=alert(1)>',
      'https://example.org/(x',
      'https://example.org/x)\r<b>',
      'https://example.org/\\',
      'https://example.org/?a=1&lt;b&gt;',
      'mailto:a@example.org?subject=<script>',
    ]) {
      const link = { type: 'link', attrs: { href } };
      const tokens = exported(doc(paragraph(text('klik', [link]))));
      const links = tokens.filter((token) => token.type === 'link_open');
      expect(
        links.map((token) => token.attrGet('href')),
        href,
      ).toEqual([md.normalizeLink(href)]);
      expect(visibleText(tokens)).toBe('klik');
    }
  });

  it('shows hostile text as written in every place text goes', () => {
    const places: [string, (value: string) => RichTextDocument][] = [
      ['paragraph', (value) => doc(paragraph(text(value)))],
      ['after a hard break', (value) => doc(paragraph(text('–'), { type: 'hardBreak' }, text(value)))],
      ['heading', (value) => doc({ type: 'heading', attrs: { level: 3 }, content: [text(value)] })],
      ['code span', (value) => doc(paragraph(text(value, [{ type: 'code' }])))],
      ['bold', (value) => doc(paragraph(text(value, [{ type: 'bold' }])))],
      ['quote', (value) => doc({ type: 'blockquote', content: [paragraph(text(value))] })],
      [
        'list item',
        (value) => doc({ type: 'bulletList', content: [{ type: 'listItem', content: [paragraph(text(value))] }] }),
      ],
      [
        'numbered list item',
        (value) => doc({ type: 'orderedList', content: [{ type: 'listItem', content: [paragraph(text(value))] }] }),
      ],
      ['image without a safe URL', (value) => doc(image({ src: 'javascript:alert(1)', alt: value }))],
    ];
    for (const value of HOSTILE) {
      for (const [place, build] of places) {
        const expected = place === 'after a hard break' ? `– ${value}` : value;
        expect(visibleText(exported(build(value))), `${place}: ${JSON.stringify(value)}`).toBe(shown(expected));
      }
      expect(visibleText(exported(doc(), value)), `title: ${JSON.stringify(value)}`).toBe(shown(value));
    }
  });

  it('keeps hostile text in its table cell', () => {
    const cell = (...content: RichTextDocument[]) => ({ type: 'tableCell', content: [paragraph(...content)] });
    for (const value of HOSTILE) {
      const table = {
        type: 'table',
        content: [
          { type: 'tableRow', content: [cell(text('kop')), cell(text('kop'))] },
          {
            type: 'tableRow',
            content: [cell(text(value), { type: 'hardBreak' }, text(value, [{ type: 'code' }])), cell(text('rechts'))],
          },
        ],
      };
      const tokens = exported(doc(table));
      const cells = tokens.filter((token) => token.type === 'td_open' || token.type === 'th_open');
      expect(cells, JSON.stringify(value)).toHaveLength(4);
      expect(visibleText(tokens), JSON.stringify(value)).toBe(shown(`kop kop ${value} ${value} rechts`));
    }
  });

  it('keeps a code block closed when its text holds fences and bare carriage returns', () => {
    const code = '```\r<script>alert(1)</script>\r\n````';
    const tokens = exported(
      doc({
        type: 'bulletList',
        content: [{ type: 'listItem', content: [paragraph(text('a')), { type: 'codeBlock', content: [text(code)] }] }],
      }),
    );
    const fences = tokens.filter((token) => token.type === 'fence');
    expect(fences.map((token) => token.content)).toEqual([`${code.replace(/\r\n?/g, '\n')}\n`]);
  });

  it('keeps text nodes that together look like a list marker as text', () => {
    const tokens = exported(doc(paragraph(text('1'), text('. niet genummerd'))));
    expect(tokens.some((token) => token.type === 'ordered_list_open')).toBe(false);
    expect(visibleText(tokens)).toBe('1. niet genummerd');
  });
});
