/**
 * Order keys: strings that sort like fractions between 0 and 1, so an item can move between two others
 * by changing only its own key. In a Yjs document that means a move and a concurrent edit of the same
 * item touch different fields, and neither is lost (deleting and re-inserting an array element would
 * lose the edit). Two clients that pick a key between the same neighbours at once may pick the same key;
 * readers then order by id, so every client still sees the same order.
 */

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE = DIGITS.length;

function digit(key: string, index: number, fallback: number): number {
  const char = key[index];
  return char === undefined ? fallback : DIGITS.indexOf(char);
}

/** True when every character of the key is a digit of the alphabet and it does not end in the zero digit. */
export function isOrderKey(key: string): boolean {
  return key.length > 0 && key.length <= 256 && [...key].every((c) => DIGITS.includes(c)) && !key.endsWith('0');
}

/**
 * A key that sorts strictly between `before` and `after` (null: the start or the end of the list).
 * Throws when `before` does not sort below `after`.
 */
export function keyBetween(before: string | null, after: string | null): string {
  if (before !== null && after !== null && before >= after) {
    throw new Error(`order keys out of order: ${before} >= ${after}`);
  }
  let result = '';
  for (let i = 0; ; i++) {
    const low = before === null ? 0 : digit(before, i, 0);
    const high = after === null ? BASE : digit(after, i, BASE);
    if (high - low > 1) {
      // Room between the two digits: take the middle one and stop.
      return result + DIGITS[Math.floor((low + high) / 2)];
    }
    // No room at this position: keep the lower digit and look one position further.
    result += DIGITS[low];
    if (high - low === 1) {
      // From here on, only `before` bounds us; `after` is already exceeded by the digit above.
      after = null;
    }
  }
}

/** Sorts by order key, then by id, so that equal keys (from concurrent inserts) still order the same everywhere. */
export function byOrderKey<T extends { order: string; id: string }>(a: T, b: T): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
