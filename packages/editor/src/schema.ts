import type { AnyExtension } from '@tiptap/core';
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
 * The Tiptap extensions of Klankbord's rich text (descriptions, session notes, later the verslag): paragraphs,
 * headings, bold/italic/underline/strike, code, quotes, bullet and numbered lists, horizontal rules and links.
 * The web editor and the server's renderers (HTML, Markdown, DOCX) build their schema from this one list, so a
 * document written in one always reads in the other.
 */
export function richTextExtensions(options: RichTextOptions = {}): AnyExtension[] {
  return [
    StarterKit.configure({
      heading: { levels: [...HEADING_LEVELS] },
      // Links only to the web and to mail; never javascript: or data: URLs, whoever wrote the document.
      link: {
        openOnClick: false,
        autolink: true,
        protocols: ['http', 'https', 'mailto'],
        defaultProtocol: 'https',
        HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: null },
        isAllowedUri: (url, context) =>
          /^(https?:|mailto:)/i.test(url) || (!/^[a-z][a-z0-9+.-]*:/i.test(url) && context.defaultValidate(url)),
      },
      ...(options.collaborative ? { undoRedo: false as const } : {}),
    }),
  ];
}
