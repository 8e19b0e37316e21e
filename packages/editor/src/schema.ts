import { type AnyExtension, getSchema } from '@tiptap/core';
import Image from '@tiptap/extension-image';
import { TableKit } from '@tiptap/extension-table';
import type { Schema } from '@tiptap/pm/model';
import StarterKit from '@tiptap/starter-kit';

/** Heading levels a document may use: the page around an editor already holds h1 and h2. */
export const HEADING_LEVELS = [3, 4] as const;

export interface RichTextOptions {
  /**
   * True when a Yjs document holds the text (Tiptap's Collaboration extension is added beside these): that
   * extension brings its own undo, which knows whose change was whose, so StarterKit's must be left out.
   */
  collaborative?: boolean;
}

/**
 * The Tiptap extensions of Klankbord's rich text (descriptions, session notes, the verslag): paragraphs, headings,
 * bold/italic/underline/strike, code, quotes, bullet and numbered lists, horizontal rules, links, tables and images.
 * The web editor and the server's renderers (HTML, Markdown, DOCX) build their schema from this one list, so a
 * document written in one always reads in the other.
 */
export function richTextExtensions(options: RichTextOptions = {}): AnyExtension[] {
  return [
    StarterKit.configure({
      heading: { levels: [...HEADING_LEVELS] },
      // Links only to the web and to mail; never javascript: or data: URLs, whoever wrote the document.
      // No `protocols`: linkify knows http, https and mailto already, and registering them again warns
      // ("linkifyjs: already initialized") for every editor a page opens after the first.
      link: {
        openOnClick: false,
        autolink: true,
        defaultProtocol: 'https',
        HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: null },
        isAllowedUri: (url, context) =>
          /^(https?:|mailto:)/i.test(url) || (!/^[a-z][a-z0-9+.-]*:/i.test(url) && context.defaultValidate(url)),
      },
      ...(options.collaborative ? { undoRedo: false as const } : {}),
    }),
    // Column widths dragged in one browser would be stored in the shared document for everyone; a report's
    // tables are laid out by the reader (and by Word), so they are not resizable.
    TableKit.configure({ table: { resizable: false } }),
    // Images by URL only: a pasted data: URL would put megabytes into every update of the Yjs document.
    Image.configure({ inline: false, allowBase64: false }),
  ];
}

let schema: Schema | undefined;

/**
 * The ProseMirror schema of Klankbord's rich text, for code without an editor (the server's renderers and
 * projections). It is the same with or without collaboration: that option changes only the editor's undo.
 */
export function editorSchema(): Schema {
  schema ??= getSchema(richTextExtensions({ collaborative: true }));
  return schema;
}
