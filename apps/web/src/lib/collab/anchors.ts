import { type Anchor, decodeAnchorPosition, encodeAnchorPosition } from '@klankbord/domain';
import { type Editor, Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from '@tiptap/y-tiptap';
import * as Y from 'yjs';

/**
 * A range marked beside the text: a comment or an afspraak, highlighted in the editor, or an open suggestion,
 * drawn as a tracked change — its passage struck through and the proposed words after it.
 */
export type Annotation =
  | { id: string; kind: 'comment' | 'afspraak'; anchor: Anchor }
  | {
      id: string;
      kind: 'suggestion';
      anchor: Anchor;
      /** The words proposed on: the change is drawn only while the passage still holds them. */
      quote: string;
      /** The proposed words, drawn after the passage; empty when the passage is to be deleted. */
      replacement: string;
      /**
       * Who proposes it, said to screen readers before the proposed words and shown on hover ("Voorstel van
       * Dirk:"); for a deletion, the whole proposal ("Voorstel van Dirk: schrappen").
       */
      label: string;
    };

type Suggestion = Extract<Annotation, { kind: 'suggestion' }>;

/** What the decorations of one annotation remember, to find it again on a click or a key. */
interface AnnotationSpec {
  id: string;
  kind: Annotation['kind'];
}

/** The editor's selection as an anchor, with the words selected. */
export interface AnchoredSelection {
  anchor: Anchor;
  quote: string;
}

type SyncState = { doc: Y.Doc; type: Y.XmlFragment; binding: { mapping: Map<unknown, unknown> } | null };

function syncState(editor: Pick<Editor, 'state'>): SyncState | undefined {
  const state = ySyncPluginKey.getState(editor.state) as SyncState | undefined;
  return state?.binding ? state : undefined;
}

/**
 * The current selection as an anchor, or null when nothing is selected. The start sticks to the first selected
 * character and the end to the last, so typing right before or after the range does not widen it.
 */
export function selectionAnchor(editor: Pick<Editor, 'state'>): AnchoredSelection | null {
  const { from, to, empty } = editor.state.selection;
  const sync = syncState(editor);
  if (empty || !sync) return null;
  const quote = editor.state.doc.textBetween(from, to, ' ', ' ').replace(/\s+/g, ' ').trim();
  if (!quote) return null;
  const mapping = sync.binding!.mapping as never;
  const start: Y.RelativePosition = absolutePositionToRelativePosition(from, sync.type, mapping);
  const end: Y.RelativePosition = absolutePositionToRelativePosition(to, sync.type, mapping);
  // A relative position names the item after it; the end should name the character before it instead.
  const endBefore = new Y.RelativePosition(end.type, end.tname, end.item, -1);
  return { anchor: { start: encodeAnchorPosition(start), end: encodeAnchorPosition(endBefore) }, quote };
}

/** Where an anchor lies in the editor now, or null when its words are gone or not loaded yet. */
export function anchorRange(editor: Pick<Editor, 'state'>, anchor: Anchor): { from: number; to: number } | null {
  const sync = syncState(editor);
  const [start, end] = [decodeAnchorPosition(anchor.start), decodeAnchorPosition(anchor.end)];
  if (!sync || !start || !end) return null;
  const mapping = sync.binding!.mapping as never;
  const from = relativePositionToAbsolutePosition(sync.doc, sync.type, start, mapping);
  const to = relativePositionToAbsolutePosition(sync.doc, sync.type, end, mapping);
  if (from === null || to === null || to <= from) return null;
  return { from, to };
}

export interface AnnotationOptions {
  /** The annotations to show; read again whenever the text or the list changes. */
  annotations: () => readonly Annotation[];
  /** The one to emphasise (the comment open beside the text). */
  active: () => string | null;
  /** Called with the id of the annotation clicked in the text, or of the suggestion Enter was pressed on. */
  onActivate: (id: string) => void;
}

const normalise = (words: string) => words.replace(/\s+/g, ' ').trim();

/**
 * The proposed words as a widget after the passage: drawn, never part of the document, so they can be neither
 * edited nor sent to the others as text. The author's name is said first to screen readers.
 */
function insertion(suggestion: Suggestion, classes: string, title: string): HTMLElement {
  const element = document.createElement('ins');
  element.className = classes;
  element.dataset.annotation = suggestion.id;
  element.contentEditable = 'false';
  element.title = title;
  const lead = document.createElement('span');
  lead.className = 'visually-hidden';
  lead.textContent = suggestion.replacement ? `${suggestion.label} ` : suggestion.label;
  element.append(lead, suggestion.replacement);
  return element;
}

/** The decorations of one annotation where its anchor lies now; none when its words are gone. */
function decorate(editor: Pick<Editor, 'state'>, annotation: Annotation, active: string | null): Decoration[] {
  const range = anchorRange(editor, annotation.anchor);
  if (!range) return [];
  const classes = ['annotation', `annotation--${annotation.kind}`];
  if (annotation.id === active) classes.push('annotation--active');
  const spec: AnnotationSpec = { id: annotation.id, kind: annotation.kind };
  const attributes = { class: classes.join(' '), 'data-annotation': annotation.id };
  if (annotation.kind !== 'suggestion') return [Decoration.inline(range.from, range.to, attributes, spec)];
  // A suggestion whose words changed meanwhile would replace something else, or nothing (the server refuses to
  // accept it): it stays in the list beside the text, but is not drawn as a change to the text as it is now.
  const words = editor.state.doc.textBetween(range.from, range.to, ' ', ' ');
  if (normalise(words) !== normalise(annotation.quote)) return [];
  // On hover, the struck passage and the proposed words both say who proposes what.
  const title = normalise(`${annotation.label} ${annotation.replacement}`);
  return [
    Decoration.inline(range.from, range.to, { ...attributes, nodeName: 'del', title }, spec),
    // Before the caret at the passage's end (side -1), so what is typed right after the passage follows the widget.
    Decoration.widget(range.to, () => insertion(annotation, attributes.class, title), {
      ...spec,
      side: -1,
      ignoreSelection: true,
      // Drawn anew only when it looks different, not on every redraw of the annotations.
      key: JSON.stringify([annotation.id, attributes.class, annotation.label, annotation.replacement]),
    }),
  ];
}

/**
 * The open suggestion whose passage holds the caret, or null. In text one may edit, only strictly inside the
 * passage: at its edges Enter keeps its meaning of starting a new paragraph.
 */
function suggestionAtCaret(view: EditorView, set: DecorationSet): string | null {
  const { empty, from } = caret(view);
  if (!empty) return null;
  const hit = set
    .find(from, from, (spec) => (spec as AnnotationSpec).kind === 'suggestion')
    .find(
      (decoration) =>
        decoration.from < decoration.to && (!view.editable || (decoration.from < from && from < decoration.to)),
    );
  return hit ? (hit.spec as AnnotationSpec).id : null;
}

/**
 * Where the caret is, read from the page: ProseMirror learns of a move by the arrow keys only from the browser's
 * selectionchange event, which can come after the next keydown when keys are pressed quickly.
 */
function caret(view: EditorView): { empty: boolean; from: number } {
  const selection = view.dom.ownerDocument.getSelection();
  const node = selection?.anchorNode;
  if (!selection || !node || !view.dom.contains(node)) return view.state.selection;
  try {
    return { empty: selection.isCollapsed, from: view.posAtDOM(node, selection.anchorOffset) };
  } catch {
    return view.state.selection;
  }
}

const annotationKey = new PluginKey<DecorationSet>('annotations');

/** Asks the editor to draw the annotations again (after the list or the active one changed). */
export function refreshAnnotations(editor: Editor): void {
  if (!editor.isDestroyed) editor.view.dispatch(editor.state.tr.setMeta(annotationKey, true));
}

/**
 * Highlights comments and afspraken in the text, and shows open suggestions as tracked changes, as decorations:
 * they are drawn, never written into the shared document, so a reader who may not change the text still sees
 * (and makes) them. Clicking one, or pressing Enter inside a suggestion's passage, activates it.
 */
export const Annotations = Extension.create<AnnotationOptions>({
  name: 'annotations',
  addOptions() {
    return { annotations: () => [], active: () => null, onActivate: () => {} };
  },
  addProseMirrorPlugins() {
    const { options, editor } = this;
    const draw = (): DecorationSet => {
      const active = options.active();
      const decorations = options.annotations().flatMap((annotation) => decorate(editor, annotation, active));
      return DecorationSet.create(editor.state.doc, decorations);
    };
    let pending = false;
    return [
      new Plugin<DecorationSet>({
        key: annotationKey,
        state: {
          init: () => DecorationSet.empty,
          apply: (tr, set) => (tr.getMeta(annotationKey) ? draw() : set.map(tr.mapping, tr.doc)),
        },
        props: {
          decorations: (state) => annotationKey.getState(state),
          handleClick: (view, pos) => {
            const hit = annotationKey.getState(view.state)?.find(pos, pos)[0];
            if (hit) options.onActivate((hit.spec as AnnotationSpec).id);
            return false;
          },
          // A keyboard user reaches a suggestion's card from its passage, as a mouse user does by clicking it.
          handleKeyDown: (view, event) => {
            if (event.key !== 'Enter' || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return false;
            const set = annotationKey.getState(view.state);
            const id = set && suggestionAtCaret(view, set);
            if (!id) return false;
            options.onActivate(id);
            return true;
          },
        },
        // The Yjs binding updates its position mapping only after a local edit has been applied, so the ranges
        // are drawn again once the edit has settled.
        view: () => ({
          update: (view, previous) => {
            if (pending || view.state.doc.eq(previous.doc)) return;
            pending = true;
            queueMicrotask(() => {
              pending = false;
              if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(annotationKey, true));
            });
          },
        }),
      }),
    ];
  },
});
