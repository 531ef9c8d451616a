const MAX_WORDS = 200;

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
