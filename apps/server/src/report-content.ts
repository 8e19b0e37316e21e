import { reportFragment, SCAFFOLD_STATEMENTS, scaffoldedParts } from '@klankbord/domain';
import { documentFromFragment, type RichTextDocument } from '@klankbord/editor';
import * as Y from 'yjs';

/** The rich text of a verslag's stored state (the live document's, or a version's), for the renderers. */
export function reportContent(state: Uint8Array): RichTextDocument {
  return reportParts(state).body;
}

/**
 * The rich text of a verslag's stored state, and whether "Opbouwen uit het programma" wrote the stellingen with
 * their counts into it: its authors own that section then (they may have edited or removed it), and an export
 * adds no second one.
 */
export function reportParts(state: Uint8Array): { body: RichTextDocument; holdsStatements: boolean } {
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
