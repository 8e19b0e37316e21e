import { getSchema, resolveExtensions } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import { editorSchema, richTextExtensions } from './schema.ts';

describe('richTextExtensions', () => {
  it('gives one schema with headings, lists and links whether or not the text is collaborative', () => {
    for (const collaborative of [false, true]) {
      const schema = getSchema(richTextExtensions({ collaborative }));
      expect(Object.keys(schema.nodes)).toEqual(
        expect.arrayContaining(['doc', 'paragraph', 'heading', 'bulletList', 'orderedList', 'listItem', 'blockquote']),
      );
      expect(Object.keys(schema.marks)).toEqual(expect.arrayContaining(['bold', 'italic', 'link']));
    }
  });

  it('registers no extra link schemes, so a second editor on a page does not make linkify warn', () => {
    const extensions = resolveExtensions(richTextExtensions({ collaborative: true }));
    const links = extensions.filter((extension) => extension.name === 'link');
    expect(links).toHaveLength(1);
    expect(links[0]?.options.protocols).toEqual([]);
    expect(links[0]?.options.isAllowedUri('javascript:alert(1)', { defaultValidate: () => true })).toBe(false);
    expect(links[0]?.options.isAllowedUri('mailto:info@ccv.nl', { defaultValidate: () => true })).toBe(true);
  });

  it('gives the server a schema with tables and images, without a DOM', () => {
    expect(Object.keys(editorSchema().nodes)).toEqual(
      expect.arrayContaining(['table', 'tableRow', 'tableHeader', 'tableCell', 'image']),
    );
    expect(typeof document).toBe('undefined');
  });
});
