import { reportFragment } from '@klankbord/domain';
import { documentFromFragment, type RichTextDocument } from '@klankbord/editor';
import * as Y from 'yjs';

/** The rich text of a verslag's stored state (the live document's, or a version's), for the renderers. */
export function reportContent(state: Uint8Array): RichTextDocument {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return documentFromFragment(reportFragment(doc));
  } finally {
    doc.destroy();
  }
}
