/**
 * Brings an element into view, e.g. the comment beside a highlight that was clicked in the text. It jumps rather
 * than glides, and waits a frame: the editor scrolls to its own selection in the same moment, which would cut a
 * smooth scroll short.
 */
export function reveal(element: Element | null | undefined): void {
  requestAnimationFrame(() => element?.scrollIntoView({ block: 'nearest' }));
}
