import { type Programme, programmeItems, programmeRoot, readProgramme } from '@klankbord/domain';
import * as Y from 'yjs';

/**
 * The programme of a document as Svelte state, read again after every change, local or remote. Reading the whole
 * programme is cheap (tens of items) and keeps the times and overlaps it works out always consistent.
 *
 * It also keeps this person's own undo history of the programme's fields (titles, times, order, deelsessies …):
 * every field saves as it is typed, so undo, not a Cancel button, is how a change is taken back. Only local
 * changes made through the domain's functions (origin null) are tracked: someone else's edits are never undone
 * here, and the rich-text descriptions (origin: y-prosemirror) keep the editor's own undo.
 */
export class ProgrammeView {
  current: Programme = $state.raw({ startTime: '', items: [] });
  canUndo = $state(false);
  canRedo = $state(false);
  readonly #doc: Y.Doc;
  readonly #undo: Y.UndoManager;

  constructor(doc: Y.Doc) {
    this.#doc = doc;
    this.current = readProgramme(doc);
    doc.on('update', this.#read);
    // Keystrokes within half a second are one step, so Ctrl+Z takes back a word, not a letter.
    this.#undo = new Y.UndoManager([programmeRoot(doc), programmeItems(doc)], {
      trackedOrigins: new Set([null]),
      captureTimeout: 500,
    });
    for (const event of ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const) {
      this.#undo.on(event, this.#readStacks);
    }
  }

  /** Takes back this person's last change to the programme. */
  undo(): void {
    this.#undo.undo();
  }

  /** Does again what undo took back. */
  redo(): void {
    this.#undo.redo();
  }

  /** Ends the current undo step: the next change is a step of its own (a move after typing, say). */
  stopCapturing(): void {
    this.#undo.stopCapturing();
  }

  /** Stops following the document. */
  destroy(): void {
    this.#doc.off('update', this.#read);
    this.#undo.destroy();
  }

  #read = (): void => {
    this.current = readProgramme(this.#doc);
  };

  #readStacks = (): void => {
    this.canUndo = this.#undo.undoStack.length > 0;
    this.canRedo = this.#undo.redoStack.length > 0;
  };
}
