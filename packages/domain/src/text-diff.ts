/**
 * A readable diff of two plain texts (two versions of a verslag): paragraphs are compared first, and a
 * paragraph that was changed rather than added or removed is compared word by word, so a reader sees
 * which words changed instead of a whole paragraph struck out and written again.
 */

/** One piece of a diff: text both sides share, or text only the old or only the new side has. */
export interface DiffPart {
  op: 'equal' | 'delete' | 'insert';
  text: string;
}

/** A paragraph of the diff: unchanged, removed, added, or changed (then `parts` holds its word diff). */
export type ParagraphDiff = { op: 'equal' | 'delete' | 'insert'; text: string } | { op: 'change'; parts: DiffPart[] };

// Above this many cells the quadratic table is not worth it: such inputs are shown as removed and added whole.
const MAX_CELLS = 4_000_000;

/** The longest-common-subsequence alignment of two sequences, as equal / delete / insert steps in order. */
function align<T>(a: readonly T[], b: readonly T[]): { op: DiffPart['op']; a?: T; b?: T }[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const head = a.slice(0, start).map((x) => ({ op: 'equal' as const, a: x, b: x }));
  const tail = a.slice(endA).map((x) => ({ op: 'equal' as const, a: x, b: x }));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const steps: { op: DiffPart['op']; a?: T; b?: T }[] = [];
  if ((midA.length + 1) * (midB.length + 1) > MAX_CELLS) {
    for (const x of midA) steps.push({ op: 'delete', a: x });
    for (const y of midB) steps.push({ op: 'insert', b: y });
    return [...head, ...steps, ...tail];
  }
  // lengths[i][j]: the LCS length of midA[i..] and midB[j..].
  const width = midB.length + 1;
  const lengths = new Uint32Array((midA.length + 1) * width);
  for (let i = midA.length - 1; i >= 0; i--) {
    for (let j = midB.length - 1; j >= 0; j--) {
      lengths[i * width + j] =
        midA[i] === midB[j]
          ? (lengths[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lengths[(i + 1) * width + j] ?? 0, lengths[i * width + j + 1] ?? 0);
    }
  }
  let i = 0;
  let j = 0;
  while (i < midA.length || j < midB.length) {
    if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
      steps.push({ op: 'equal', a: midA[i] as T, b: midB[j] as T });
      i++;
      j++;
    } else if (
      i < midA.length &&
      (j >= midB.length || (lengths[(i + 1) * width + j] ?? 0) >= (lengths[i * width + j + 1] ?? 0))
    ) {
      // Removals before additions, as a reader expects a replaced passage.
      steps.push({ op: 'delete', a: midA[i] as T });
      i++;
    } else {
      steps.push({ op: 'insert', b: midB[j] as T });
      j++;
    }
  }
  return [...head, ...steps, ...tail];
}

/** Word diff of two strings; whitespace travels with the word before it, and neighbouring parts are merged. */
export function diffWords(before: string, after: string): DiffPart[] {
  const words = (text: string) => text.match(/\S+\s*|\s+/g) ?? [];
  const parts: DiffPart[] = [];
  for (const step of align(words(before), words(after))) {
    const text = (step.op === 'insert' ? step.b : step.a) ?? '';
    const last = parts.at(-1);
    if (last?.op === step.op) last.text += text;
    else parts.push({ op: step.op, text });
  }
  return parts;
}

/**
 * Paragraph diff of two plain texts (paragraphs are separated by newlines; blank lines are dropped). A run
 * of removed paragraphs directly followed by as many added ones is shown as changed paragraphs, word by word.
 */
export function diffText(before: string, after: string): ParagraphDiff[] {
  const paragraphs = (text: string) =>
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
  const steps = align(paragraphs(before), paragraphs(after));
  const result: ParagraphDiff[] = [];
  let k = 0;
  while (k < steps.length) {
    const step = steps[k];
    if (!step) break;
    if (step.op !== 'delete') {
      result.push({ op: step.op, text: (step.op === 'insert' ? step.b : step.a) ?? '' });
      k++;
      continue;
    }
    const deleted: string[] = [];
    while (steps[k]?.op === 'delete') deleted.push(steps[k++]?.a ?? '');
    const inserted: string[] = [];
    while (steps[k]?.op === 'insert') inserted.push(steps[k++]?.b ?? '');
    const paired = inserted.length === deleted.length ? deleted.length : 0;
    for (let p = 0; p < paired; p++) {
      result.push({ op: 'change', parts: diffWords(deleted[p] ?? '', inserted[p] ?? '') });
    }
    for (const text of deleted.slice(paired)) result.push({ op: 'delete', text });
    for (const text of inserted.slice(paired)) result.push({ op: 'insert', text });
  }
  return result;
}
