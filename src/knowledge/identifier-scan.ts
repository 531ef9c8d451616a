import countries from 'i18n-iso-countries';
import { createRequire } from 'node:module';
import { INQUIRY_LANGUAGES as LANGUAGES } from '../common/workflow.js';

const require = createRequire(import.meta.url);
for (const language of LANGUAGES) countries.registerLocale(require(`i18n-iso-countries/langs/${language}.json`) as countries.LocaleData);

/** Words of a text in order, lower-cased and without diacritics, so that "Défense" and "defense" meet. */
export function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join(' ');
}

/** What identifies an inquiry's source: its State, its organisation, its requester. */
export interface SourceIdentity {
  country: string;
  organizationName: string;
  requesterName: string;
}

/**
 * The identifying words of a source: the State's names in the five languages (every form the
 * library knows: "United States of America", "USA"...), the organisation's and the requester's
 * names. Two-letter forms ("US") are left out: they are ordinary words too often.
 */
export function identifyingTerms(source: SourceIdentity): string[] {
  const names = LANGUAGES.flatMap((language) => countries.getName(source.country, language, { select: 'all' }) ?? []);
  const terms = [...names, source.organizationName, source.requesterName].map(normalise).filter((t) => t.length >= 3);
  return [...new Set(terms)];
}

/** The terms found in the text as whole words (normalised), each once. */
export function findTerms(text: string, terms: string[]): string[] {
  const haystack = ` ${normalise(text)} `;
  return terms.filter((t) => haystack.includes(` ${t} `));
}
