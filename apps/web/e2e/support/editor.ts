import type { Locator } from 'playwright-core';

/**
 * The text of a shared editor without the others' carets: each caret carries its owner's name as text, which
 * would otherwise end up in the middle of what was typed.
 */
export function textWithoutCarets(editor: Locator): Promise<string> {
  return editor.evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
    return copy.textContent ?? '';
  });
}
