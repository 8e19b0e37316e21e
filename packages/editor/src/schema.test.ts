import { getSchema } from '@tiptap/core';
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

  it('gives the server a schema with tables and images, without a DOM', () => {
    expect(Object.keys(editorSchema().nodes)).toEqual(
      expect.arrayContaining(['table', 'tableRow', 'tableHeader', 'tableCell', 'image']),
    );
    expect(typeof document).toBe('undefined');
  });
});
