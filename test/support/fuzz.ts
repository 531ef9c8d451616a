import type { Random } from './random.js';

/**
 * Hand-rolled generators for the property tests (fast-check is not installed): values of the wrong
 * type, awkward keys, oversized strings and random Unicode. Each takes the seeded Random.
 */

export const NASTY_KEYS = ['__proto__', 'constructor', 'prototype', 'role', 'id', 'status', 'version', 'createdAt', 'requesterId', 'isAdmin', '', ' ', 'a.b', '$where'];

/** A value of a JSON type chosen at random, never a string (for a field that wants one) unless asked. */
export function wrongValue(r: Random, not: 'string' | 'number' | 'boolean' | 'array' | 'object'): unknown {
  const candidates: [string, () => unknown][] = [
    ['number', () => r.pick([0, -1, 1.5, 1e308, -0, 2 ** 53 + 1])],
    ['boolean', () => r.bool()],
    ['array', () => r.pick([[], ['x'], [1, 2], [[]], [{}]])],
    // Parsed, so that "__proto__" and "constructor" are own keys that JSON.stringify sends.
    ['object', () => JSON.parse(r.pick(['{}', '{"a":1}', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}'])) as unknown],
    ['string', () => r.pick(['', 'x', '1', 'true', 'null'])],
    ['null', () => null],
  ];
  return r.pick(candidates.filter(([kind]) => kind !== not))[1]();
}

/** Random well-formed Unicode text: any code point, with NUL, bidi controls, combining marks and emoji mixed in. */
export function unicodeText(r: Random, maxLength: number): string {
  const specials = ['\u0000', '\u200f', '\u200e', '\u202e', '\u2066', '\u0301', '\ufeff', '\ud800', '\udfff', '\u{1f6e1}', '\u00a0', '\r\n', '\t', '<script>', '"', '\\', 'ﷺ', 'ß', 'İ'];
  let s = '';
  const length = r.int(1, maxLength);
  while (s.length < length) {
    const roll = r.next();
    if (roll < 0.25) s += r.pick(specials.filter((c) => !/^\p{Cs}$/u.test(c)));
    else if (roll < 0.5) s += String.fromCodePoint(r.int(0x20, 0x7e));
    else if (roll < 0.8) s += String.fromCodePoint(r.int(0xa0, 0xd7ff));
    else s += String.fromCodePoint(r.int(0xe000, 0x10ffff));
  }
  // At least one visible character, so that "must not be blank" rules accept it.
  return s.slice(0, maxLength - 1) + 'x';
}

/** Deeply nested arrays, as a raw JSON text. */
export const deepJson = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** The same text with a lone surrogate (ill-formed UTF-16) put in at a random place. */
export function withLoneSurrogate(r: Random, text: string): string {
  const at = r.int(0, text.length);
  // Not between the halves of a pair, which would make a different text altogether.
  const safe = at > 0 && /[\ud800-\udbff]/.test(text[at - 1]) ? at + 1 : at;
  return text.slice(0, safe) + r.pick(['\ud800', '\udbff', '\udc00', '\udfff']) + text.slice(safe);
}
