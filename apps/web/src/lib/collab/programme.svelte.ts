import { type Programme, readProgramme } from '@klankbord/domain';
import type * as Y from 'yjs';

/**
 * The programme of a document as Svelte state, read again after every change, local or remote. Reading the whole
 * programme is cheap (tens of items) and keeps the times and overlaps it works out always consistent.
 */
export class ProgrammeView {
  current: Programme = $state.raw({ startTime: '', items: [] });
  readonly #doc: Y.Doc;

  constructor(doc: Y.Doc) {
    this.#doc = doc;
    this.current = readProgramme(doc);
    doc.on('update', this.#read);
  }

  /** Stops following the document. */
  destroy(): void {
    this.#doc.off('update', this.#read);
  }

  #read = (): void => {
    this.current = readProgramme(this.#doc);
  };
}
