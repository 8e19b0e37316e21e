import { invalidate } from '$app/navigation';
import { errorsFrom } from '$lib/forms';

/** A theme as the curation controls list it. */
export interface CurationTheme {
  id: number;
  title: string;
  year: number;
  topicId: number | null;
}

/**
 * Runs one change to the topics and reloads the timeline. Answers the message key of what went wrong (a field's
 * or the form's), or null when it went through.
 */
export async function change(
  work: () => Promise<unknown>,
): Promise<{ form: string | null; fields: Record<string, string> } | null> {
  try {
    await work();
    await invalidate('app:timeline');
    return null;
  } catch (cause) {
    return errorsFrom(cause);
  }
}

/** How a theme is named in a list of choices: "Ondermijning (2017)". */
export const themeLabel = (theme: CurationTheme) => `${theme.title} (${theme.year})`;
