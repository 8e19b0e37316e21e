import * as Y from 'yjs';
import { z } from 'zod';
import { richTextToPlain } from './programme.ts';

/**
 * The verslag of a netwerkdag as a Yjs document, `report:<network slug>:<meeting id>`:
 *
 *   Y.XmlFragment 'content'   the rich text (Tiptap's Collaboration extension binds to it)
 *
 * Its named versions are not in the document: the server keeps them in SQL, each as the document's
 * whole state at the moment it was saved, so that restoring one never depends on Yjs's garbage collection.
 */

export const REPORT_VERSION_NAME_MAX_LENGTH = 120;

/** The rich text of a report. */
export function reportFragment(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment('content');
}

/** POST /api/meetings/:id/report/versions and …/report/finalise: the name the version is saved under. */
export const reportVersionInput = z.object({
  name: z.string().trim().min(1, 'name.required').max(REPORT_VERSION_NAME_MAX_LENGTH, 'name.tooLong'),
});
export type ReportVersionInput = z.infer<typeof reportVersionInput>;

/** POST /api/meetings/:id/report/finalise: the name of the final version, 'Definitief' unless given. */
export const reportFinaliseInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'name.required')
    .max(REPORT_VERSION_NAME_MAX_LENGTH, 'name.tooLong')
    .default('Definitief'),
});

/** The whole state of a report document, as a version stores it. */
export function encodeReportState(doc: Y.Doc): Uint8Array {
  return Y.encodeStateAsUpdate(doc);
}

/** Reads a stored state (a version) into a document of its own; the caller destroys it. */
function decodeReport(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}

/** The plain text of a report's stored state: one line per block, no markup. */
export function reportStateText(state: Uint8Array): string {
  const doc = decodeReport(state);
  try {
    return richTextToPlain(reportFragment(doc));
  } finally {
    doc.destroy();
  }
}

/**
 * Replaces the rich text of a live report with that of a stored state (restoring a version). The content is
 * copied as new nodes, so the restore is one more change in the document's history, not a rewind of it:
 * every version saved since stays valid, and clients editing meanwhile merge with it like with any edit.
 */
export function replaceReportContent(doc: Y.Doc, state: Uint8Array): void {
  const source = decodeReport(state);
  try {
    const copies = reportFragment(source)
      .toArray()
      .filter((node) => node instanceof Y.XmlElement || node instanceof Y.XmlText)
      .map((node) => node.clone());
    doc.transact(() => {
      const content = reportFragment(doc);
      content.delete(0, content.length);
      content.insert(0, copies);
    });
  } finally {
    source.destroy();
  }
}
