import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import nl from '../../src/lib/i18n/nl.json';
import { NETWORK } from './accounts.ts';
import { fill } from './messages.ts';

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

/**
 * Opens a meeting's verslag, waits for its live connection and types `words` into it as the page's person; resolves
 * once the editor holds them.
 */
export async function writeInReport(
  page: Page,
  serverUrl: string,
  meeting: { id: number; title: string },
  words: string,
): Promise<void> {
  await page.goto(`${serverUrl}/networks/${NETWORK.slug}/meetings/${meeting.id}/report`);
  await page.getByText(nl.collab.status.connected).waitFor();
  const editor = page.getByRole('textbox', { name: fill(nl.report.editorLabel, { meeting: meeting.title }) });
  await editor.click();
  await page.keyboard.type(words);
  await expect.poll(() => editor.textContent()).toContain(words);
}
