const MAX_WORDS = 200;
/** The shortest beginning of a word that finds it: shorter ones would match too much and reveal more (see `searchPrefixes`). */
export const MIN_PREFIX = 3;

/** Lower-cased words without diacritics, so that "Défense" and "defense" meet. */
export function searchWords(text: string): string[] {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2 && w.length <= 60);
  return [...new Set(words)].slice(0, MAX_WORDS);
}

/**
 * The proper beginnings of the words, MIN_PREFIX letters and longer ("cus", "cust", "custo",
 * "custod" of "custody"), each once: kept as keyed tokens beside the whole words' so that a
 * search for a beginning finds the word. Counted in code points, so that a letter outside the
 * BMP is never cut in half. What it reveals to a reader of the database without the key: beside
 * which inquiries share a word (as the whole-word tokens already do), which share a beginning,
 * and the length of each word (a word of n letters leaves n − 3 beginnings that always come
 * together); their order does not (the tokens are stored sorted, not in the subject's order).
 */
export function searchPrefixes(words: string[]): string[] {
  const prefixes = new Set<string>();
  for (const word of words) {
    const letters = [...word];
    for (let n = MIN_PREFIX; n < letters.length; n += 1) prefixes.add(letters.slice(0, n).join(''));
  }
  return [...prefixes];
}
