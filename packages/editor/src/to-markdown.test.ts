import { readFileSync } from 'node:fs';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { documentFromFragment } from './document.ts';
import { report } from './fixtures/report.ts';
import { editorSchema } from './schema.ts';
import { toMarkdown } from './to-markdown.ts';

const fixture = readFileSync(new URL('./fixtures/report.md', import.meta.url), 'utf8');

describe('toMarkdown', () => {
  it('writes the known report exactly as the fixture', () => {
    expect(toMarkdown(report)).toBe(fixture);
  });

  it('writes the same Markdown for the report after a round trip through a Yjs document', () => {
    const written = new Y.Doc();
    prosemirrorJSONToYXmlFragment(editorSchema(), report, written.getXmlFragment('default'));
    // The server holds only the updates; read them into a fresh document as it would.
    const stored = new Y.Doc();
    Y.applyUpdate(stored, Y.encodeStateAsUpdate(written));
    expect(toMarkdown(documentFromFragment(stored.getXmlFragment('default')))).toBe(fixture);
  });

  it('escapes text that would otherwise become markup', () => {
    const doc = {
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: '# 1. *niet* [vet] <b>' }] }],
    };
    expect(toMarkdown(doc)).toBe('\\# 1. \\*niet\\* \\[vet\\] \\<b>\n');
  });

  it('writes a javascript: link as its text only', () => {
    const doc = {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [{ type: 'text', text: 'klik', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }],
        },
      ],
    };
    expect(toMarkdown(doc)).toBe('klik\n');
  });

  it('keeps spaces outside emphasis and one delimiter pair across nodes that share a mark', () => {
    const bold = { type: 'bold' };
    const doc = {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'een ' },
            { type: 'text', text: 'vet ', marks: [bold] },
            { type: 'text', text: 'en schuin', marks: [bold, { type: 'italic' }] },
            { type: 'text', text: ' woord' },
          ],
        },
      ],
    };
    expect(toMarkdown(doc)).toBe('een **vet _en schuin_** woord\n');
  });

  it('puts the title above the document and its headings one level down', () => {
    expect(toMarkdown(report, { title: 'Verslag' })).toBe(`# Verslag\n\n${fixture.replace(/^#/gm, '##')}`);
  });
});
