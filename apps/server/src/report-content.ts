import { reportFragment, SCAFFOLD_STATEMENTS, scaffoldedParts } from '@klankbord/domain';
import type { RichTextDocument } from '@klankbord/editor';
import * as Y from 'yjs';

/** The rich text of a verslag's stored state (the live document's, or a version's), for the renderers. */
export async function reportContent(state: Uint8Array): Promise<RichTextDocument> {
  return (await reportParts(state)).body;
}

/**
 * The rich text of a verslag's stored state, and whether "Opbouwen uit het programma" wrote the stellingen with
 * their counts into it: its authors own that section then (they may have edited or removed it), and an export
 * adds no second one.
 */
export async function reportParts(state: Uint8Array): Promise<{ body: RichTextDocument; holdsStatements: boolean }> {
  // The editor package (its schema, and the renderers beside it) is loaded on first use: an idle server needs none.
  const { documentFromFragment } = await import('@klankbord/editor');
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return {
      body: documentFromFragment(reportFragment(doc)),
      holdsStatements: scaffoldedParts(doc).has(SCAFFOLD_STATEMENTS),
    };
  } finally {
    doc.destroy();
  }
}
