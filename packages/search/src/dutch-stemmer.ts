/**
 * A stemmer for Dutch, after the published Snowball algorithm for Dutch (Porter's description of its steps):
 * it cuts inflections and common derivations so that "verwarde personen" and "verward persoon" meet on the
 * same stems ("verward person"). It expects a lower-case word with its diacritics already folded.
 */

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y', 'è']);
const isVowel = (char: string | undefined) => char !== undefined && VOWELS.has(char);

/** Start of the region after the first non-vowel that follows a vowel, from `from` on (the word's length if none). */
function regionAfter(word: string, from: number): number {
  for (let i = from + 1; i < word.length; i++) {
    if (!isVowel(word[i]) && isVowel(word[i - 1])) return i + 1;
  }
  return word.length;
}

/** Marks the y and i that act as consonants (initial y, y after a vowel, i between vowels) as Y and I. */
function markConsonants(word: string): string {
  const chars = [...word];
  for (let i = 0; i < chars.length; i++) {
    const before = chars[i - 1];
    if (chars[i] === 'y' && (i === 0 || isVowel(before))) chars[i] = 'Y';
    else if (chars[i] === 'i' && isVowel(before) && isVowel(chars[i + 1])) chars[i] = 'I';
  }
  return chars.join('');
}

/** Drops the last letter of a word ending in kk, dd or tt. */
const undouble = (word: string) => (/(kk|dd|tt)$/.test(word) ? word.slice(0, -1) : word);

const isValidSEnding = (char: string | undefined) => char !== undefined && !isVowel(char) && char !== 'j';
const isValidEnEnding = (word: string, at: number) =>
  at > 0 && !isVowel(word[at - 1]) && word.slice(Math.max(0, at - 3), at) !== 'gem';

/** The stem of one Dutch word. */
export function stemDutch(input: string): string {
  if (input.length < 3) return input;
  let word = markConsonants(input);
  // R1 leaves at least three letters before it; R2 is the same region taken again inside R1.
  const r1 = Math.max(3, regionAfter(word, 0));
  const r2 = regionAfter(word, r1);
  const inR1 = (suffix: string) => word.length - suffix.length >= r1;
  const inR2 = (suffix: string) => word.length - suffix.length >= r2;

  // Step 1: plural and inflectional endings.
  if (word.endsWith('heden')) {
    if (inR1('heden')) word = `${word.slice(0, -5)}heid`;
  } else if (word.endsWith('ene') || word.endsWith('en')) {
    const suffix = word.endsWith('ene') ? 'ene' : 'en';
    const at = word.length - suffix.length;
    if (inR1(suffix) && isValidEnEnding(word, at)) word = undouble(word.slice(0, at));
  } else if (word.endsWith('se') || word.endsWith('s')) {
    const suffix = word.endsWith('se') ? 'se' : 's';
    const at = word.length - suffix.length;
    if (inR1(suffix) && isValidSEnding(word[at - 1])) word = word.slice(0, at);
  }

  // Step 2: a final e after a consonant.
  let removedE = false;
  const stepTwo = () => {
    if (word.endsWith('e') && inR1('e') && !isVowel(word[word.length - 2])) {
      word = undouble(word.slice(0, -1));
      removedE = true;
    }
  };
  stepTwo();

  // Step 3a: -heid, not after c; an -en before it goes as in step 1.
  if (word.endsWith('heid') && inR2('heid') && word[word.length - 5] !== 'c') {
    word = word.slice(0, -4);
    if (word.endsWith('en') && inR1('en') && isValidEnEnding(word, word.length - 2)) word = undouble(word.slice(0, -2));
  }

  // Step 3b: derivational suffixes.
  if ((word.endsWith('end') || word.endsWith('ing')) && inR2('ing')) {
    word = word.slice(0, -3);
    if (word.endsWith('ig') && inR2('ig') && word[word.length - 3] !== 'e') word = word.slice(0, -2);
    else word = undouble(word);
  } else if (word.endsWith('ig') && inR2('ig') && word[word.length - 3] !== 'e') {
    word = word.slice(0, -2);
  } else if (word.endsWith('lijk') && inR2('lijk')) {
    word = word.slice(0, -4);
    stepTwo();
  } else if (word.endsWith('baar') && inR2('baar')) {
    word = word.slice(0, -4);
  } else if (word.endsWith('bar') && inR2('bar') && removedE) {
    word = word.slice(0, -3);
  }

  // Step 4: a doubled vowel between two consonants at the end is written single (persoon → person).
  const match = /([^aeiouyè])(aa|ee|oo|uu)([^aeiouyèI])$/.exec(word);
  if (match) word = word.slice(0, -2) + word.slice(-1);

  return word.replace(/I/g, 'i').replace(/Y/g, 'y');
}
