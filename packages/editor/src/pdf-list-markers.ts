const BULLETS = ['•', '–', '·'] as const;

/**
 * The bullet or number before a list item, by how deep the list stands: bullets change shape with depth, and
 * numbers run 1. 2. 3. at the top level, a. b. c. one deeper, i. ii. iii. below that: as Word numbers nested lists.
 */
export function listMarker(ordered: boolean, n: number, depth: number): string {
  if (!ordered) return BULLETS[depth % BULLETS.length] ?? BULLETS[0];
  if (depth % 3 === 1) return `${letters(n)}.`;
  if (depth % 3 === 2) return `${roman(n)}.`;
  return `${n}.`;
}

/** How a list numbers its items, as its ListNumbering attribute tells a screen reader. */
export function listNumbering(ordered: boolean, depth: number): string {
  if (!ordered) return 'Disc';
  return ['Decimal', 'LowerAlpha', 'LowerRoman'][depth % 3] ?? 'Decimal';
}

function letters(n: number): string {
  let out = '';
  for (let rest = Math.max(1, n); rest > 0; rest = Math.floor((rest - 1) / 26)) {
    out = String.fromCharCode(97 + ((rest - 1) % 26)) + out;
  }
  return out;
}

function roman(n: number): string {
  const numerals: [number, string][] = [
    [1000, 'm'],
    [900, 'cm'],
    [500, 'd'],
    [400, 'cd'],
    [100, 'c'],
    [90, 'xc'],
    [50, 'l'],
    [40, 'xl'],
    [10, 'x'],
    [9, 'ix'],
    [5, 'v'],
    [4, 'iv'],
    [1, 'i'],
  ];
  let rest = Math.max(1, Math.min(n, 3999));
  let out = '';
  for (const [value, numeral] of numerals) {
    for (; rest >= value; rest -= value) out += numeral;
  }
  return out;
}
