import { type Anchor, decodeAnchorPosition, encodeAnchorPosition } from '@klankbord/domain';
import { type Editor, Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from '@tiptap/y-tiptap';
import * as Y from 'yjs';

/** A range marked beside the text: a comment or an afspraak, highlighted in the editor. */
export interface Annotation {
  id: string;
  kind: 'comment' | 'afspraak';
  anchor: Anchor;
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
  /** Called with the id of the annotation clicked in the text. */
  onActivate: (id: string) => void;
}

const annotationKey = new PluginKey<DecorationSet>('annotations');

/** Asks the editor to draw the annotations again (after the list or the active one changed). */
export function refreshAnnotations(editor: Editor): void {
  if (!editor.isDestroyed) editor.view.dispatch(editor.state.tr.setMeta(annotationKey, true));
}

/**
 * Highlights comments and afspraken in the text as decorations: they are drawn, never written into the
 * shared document, so a reader who may not change the text still sees (and makes) them.
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
      const decorations = options.annotations().flatMap((annotation) => {
        const range = anchorRange(editor, annotation.anchor);
        if (!range) return [];
        const classes = ['annotation', `annotation--${annotation.kind}`];
        if (annotation.id === active) classes.push('annotation--active');
        const attributes = { class: classes.join(' '), 'data-annotation': annotation.id };
        return [Decoration.inline(range.from, range.to, attributes, { id: annotation.id })];
      });
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
            if (hit) options.onActivate((hit.spec as { id: string }).id);
            return false;
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
