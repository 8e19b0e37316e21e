import { type Locale, locales } from '@klankbord/domain';
import { derived } from 'svelte/store';
import { _, addMessages, init, locale, register } from 'svelte-i18n';
import nl from './nl.json';

export { _ as t, locale } from 'svelte-i18n';

const STORAGE_KEY = 'klankbord.locale';
// Dutch first: it is the default and the fallback for a message missing in English.
const DEFAULT_LOCALE: Locale = 'nl';

addMessages('nl', nl);
// English only when asked for: Dutch readers (most) do not download it. `waitLocale` (the root layout) and
// `locale.set` wait for it to arrive.
register('en', () => import('./en.json'));

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** The locale chosen earlier in this browser, else Dutch. */
function storedLocale(): Locale {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLocale(stored) ? stored : DEFAULT_LOCALE;
  } catch {
    // Storage can be blocked (private mode, strict settings); the default is fine then.
    return DEFAULT_LOCALE;
  }
}

let started = false;

/** Starts i18n once, in the stored locale, and keeps `<html lang>` in step with the locale. */
export function startI18n(): void {
  if (started) return;
  started = true;
  init({ fallbackLocale: DEFAULT_LOCALE, initialLocale: storedLocale() });
  locale.subscribe((current) => {
    if (current && globalThis.document) document.documentElement.lang = current;
  });
}

/** Switches the interface language and remembers the choice in this browser. */
export function switchLocale(next: Locale): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
  } catch {
    // Not remembered, but still switched for this visit.
  }
  locale.set(next);
}

/** The other language of the two, for the switch in the header. */
export function otherLocale(current: string | null | undefined): Locale {
  return current === 'en' ? 'nl' : 'en';
}

/**
 * The message for an error key from the API or from validation (`email.invalid` → `errors.email.invalid`).
 * A key without a message still reads as a sentence: a generic one for a field, or for the form.
 */
export const errorText = derived(_, (translate) => (key: string) => {
  const fallback = translate(key.includes('.') ? 'errors.invalid' : 'errors.unknown');
  return translate(`errors.${key}`, { default: fallback });
});
