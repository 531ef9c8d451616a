import { Injectable } from '@nestjs/common';
import countries from 'i18n-iso-countries';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { webAssetsDir } from './assets.js';

export const WEB_LANGUAGES = ['en', 'fr', 'es', 'ar', 'pt'] as const;
export type WebLanguage = (typeof WEB_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: WebLanguage = 'en';
/** Each language named in itself, for the language choice. */
export const LANGUAGE_NAMES: Record<WebLanguage, string> = { en: 'English', fr: 'Français', es: 'Español', ar: 'العربية', pt: 'Português' };

export type Catalogue = Record<string, string>;

/** Formatted moments kept (see `date`): a few pages' worth in every language, some 100 bytes each. */
const FORMATTED_DATES = 10_000;

const require = createRequire(import.meta.url);
for (const lang of WEB_LANGUAGES) countries.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`));

/** The user-assigned codes of fictional States (XK is Kosovo, a real one, listed once among the others). */
export const FICTIONAL_CODES = Array.from({ length: 26 }, (_, i) => `X${String.fromCharCode(65 + i)}`).filter((c) => c !== 'XK');

/** Codes whose official name is the one the UN uses (Türkiye, State of Palestine, ...): never a shorter alias. */
const OFFICIAL_ONLY = new Set(['TR', 'TW', 'PS', 'AX']);

/**
 * The common name of a State when i18n-iso-countries has one that reads as a name: not an
 * abbreviation (UK), not inverted (Korea, Republic of), not shared by two States (Congo), not
 * starting with an article that would sort it under T.
 */
function commonName(code: string, alias: string | undefined, official: string, counts: Map<string, number> | null): string {
  if (!alias || OFFICIAL_ONLY.has(code)) return official;
  if (/^[A-Z.]{2,5}$/.test(alias) || alias.includes(', ') || /^The /.test(alias)) return official;
  if (counts ? (counts.get(alias) ?? 0) > 1 : DUPLICATED_ALIASES.has(code)) return official;
  return alias;
}

/** States sharing an alias with another (the two Congos): named officially, wherever they are named alone. */
const DUPLICATED_ALIASES = new Set(['CG', 'CD']);

export const isWebLanguage = (v: unknown): v is WebLanguage => typeof v === 'string' && (WEB_LANGUAGES as readonly string[]).includes(v);

/**
 * Reads one language's catalogue: src/web/i18n/<lang>.json, then each feature's own
 * src/web/i18n/<feature>/<lang>.json (so that a capability keeps its texts beside the others
 * without every change touching one shared file). Flat objects of key to text with {name}
 * placeholders; a key defined twice is an error, not a silent override.
 */
export function loadCatalogue(lang: WebLanguage, dir = join(webAssetsDir(), 'i18n')): Catalogue {
  const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Catalogue;
  const catalogue = read(join(dir, `${lang}.json`));
  const features = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  for (const feature of features) {
    const file = join(dir, feature, `${lang}.json`);
    if (!existsSync(file)) continue;
    for (const [key, text] of Object.entries(read(file))) {
      if (key in catalogue) throw new Error(`i18n key ${key} is defined twice (${feature}/${lang}.json)`);
      catalogue[key] = text;
    }
  }
  return catalogue;
}

/**
 * The pages' texts in five languages. A key missing from a catalogue falls back to English (and
 * a unit test fails when any catalogue lacks a key that en.json has); country names come from
 * i18n-iso-countries; topic labels from the catalogue, or the stored English label for a topic
 * added after the catalogues were written.
 */
@Injectable()
export class WebI18n {
  private readonly catalogues = new Map<WebLanguage, Catalogue>(WEB_LANGUAGES.map((l) => [l, loadCatalogue(l)]));
  // Built once per language: an Intl formatter or a sorted list of 275 States costs far more to
  // make than to use, and a page used to make dozens of them.
  private readonly countryLists = new Map<string, ReadonlyArray<{ code: string; name: string }>>();
  private readonly dateFormats = new Map<string, Intl.DateTimeFormat>();
  private readonly formattedDates = new Map<string, string>();
  private readonly pluralRules = new Map<WebLanguage, Intl.PluralRules>(WEB_LANGUAGES.map((l) => [l, new Intl.PluralRules(l)]));

  /**
   * A text about a number in the language's grammar: `<key>.<category>` by Intl.PluralRules
   * (Arabic has six categories, French counts 0 as one), then `<key>.other`, then `<key>` itself.
   */
  plural(lang: WebLanguage, key: string, count: number, params: Record<string, unknown> = {}): string {
    const category = this.pluralRules.get(lang)!.select(count);
    const found = [`${key}.${category}`, `${key}.other`].find((k) => this.catalogue(lang)[k] !== undefined || this.catalogue(DEFAULT_LANGUAGE)[k] !== undefined);
    return this.t(lang, found ?? key, { count, ...params });
  }

  /**
   * A refusal in the page's language from its stable code (never the service's English message);
   * the values it places are translated too: a status by its name, a State by its name.
   */
  refusal(lang: WebLanguage, code: string, params: Record<string, unknown> = {}): string {
    const named: Record<string, unknown> = { ...params };
    for (const name of ['status', 'from', 'to']) {
      const v = params[name];
      if (typeof v !== 'string') continue;
      const key = [`status.${v}`, `knowledge.status.${v}`, `clearance.${v}`, `assignment.status.${v}`].find((k) => this.catalogue(DEFAULT_LANGUAGE)[k] !== undefined);
      if (key) named[name] = this.t(lang, key);
    }
    if (typeof params.country === 'string') named.country = this.country(lang, params.country);
    const key = `error.code.${code}`;
    return this.t(lang, this.catalogue(DEFAULT_LANGUAGE)[key] !== undefined ? key : 'error.code.request.invalid', named);
  }

  /** What a field got wrong, to show beside it: `error.field.<constraint>`, by plural category of its bound when it has one. */
  fieldError(lang: WebLanguage, code: string, params: Record<string, unknown> = {}): string {
    const bound = typeof params.max === 'number' ? params.max : typeof params.min === 'number' ? params.min : undefined;
    const key = `error.${code}`;
    if (bound !== undefined && this.catalogue(DEFAULT_LANGUAGE)[`${key}.other`] !== undefined) return this.plural(lang, key, bound, params);
    return this.t(lang, this.catalogue(DEFAULT_LANGUAGE)[key] !== undefined ? key : 'error.field.invalid', params);
  }

  /** The live catalogue of one language. */
  catalogue(lang: WebLanguage): Catalogue {
    return this.catalogues.get(lang)!;
  }

  /**
   * A text that may be about a number: with a numeric `count` and plural forms in the catalogue
   * (`<key>.other`), by its plural category; otherwise the plain text. The templates' `t` and `tk`
   * go through here, so that `{{t "queue.count" count=total}}` never reads "1 queries".
   */
  text(lang: WebLanguage, key: string, params: Record<string, unknown> = {}): string {
    const count = params.count;
    if (typeof count === 'number' && this.catalogue(DEFAULT_LANGUAGE)[`${key}.other`] !== undefined) return this.plural(lang, key, count, params);
    return this.t(lang, key, params);
  }

  t(lang: WebLanguage, key: string, params: Record<string, unknown> = {}): string {
    const text = this.catalogue(lang)[key] ?? this.catalogue(DEFAULT_LANGUAGE)[key] ?? key;
    // Most texts have no {name} to fill: every page asks for dozens of them.
    if (!text.includes('{')) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined || params[name] === null ? whole : String(params[name])));
  }

  has(lang: WebLanguage, key: string): boolean {
    return this.catalogue(lang)[key] !== undefined;
  }

  dir(lang: WebLanguage): 'rtl' | 'ltr' {
    return lang === 'ar' ? 'rtl' : 'ltr';
  }

  /** A State's name; the user-assigned XA–XZ of demo and test data are named as fictional States. */
  country(lang: WebLanguage, code: string): string {
    const name = countries.getName(code, lang, { select: 'alias' }) ?? countries.getName(code, DEFAULT_LANGUAGE, { select: 'alias' });
    if (!name) return this.t(lang, 'country.fictional', { code });
    return commonName(code, name, countries.getName(code, lang) ?? name, null);
  }

  /**
   * Every State for a choice list, by its common name in the page's language (China, not
   * People's Republic of China), sorted by that language's collation. The user-assigned XA–XZ
   * (fictional States of demo and test data, Kosovo's XK aside) come last, and only when asked
   * for: a deployment without them never offers them.
   */
  countryOptions(lang: WebLanguage, fictional = false): ReadonlyArray<{ code: string; name: string }> {
    const id = `${lang}:${fictional}`;
    let list = this.countryLists.get(id);
    if (!list) {
      const collator = new Intl.Collator(lang);
      const official = countries.getNames(lang, { select: 'official' });
      const alias = countries.getNames(lang, { select: 'alias' });
      const aliasCount = new Map<string, number>();
      for (const name of Object.values(alias)) aliasCount.set(name, (aliasCount.get(name) ?? 0) + 1);
      const real = Object.entries(official)
        .map(([code, name]) => ({ code, name: commonName(code, alias[code], name, aliasCount) }))
        .sort((a, b) => collator.compare(a.name, b.name));
      const fictionalStates = fictional ? FICTIONAL_CODES.map((code) => ({ code, name: this.country(lang, code) })) : [];
      list = Object.freeze([...real, ...fictionalStates]);
      this.countryLists.set(id, list);
    }
    return list;
  }

  /** English labels come from the topics table (the secretariat may reword them); the others from the catalogues. */
  topic(lang: WebLanguage, slug: string, storedLabel?: string): string {
    const key = `topic.${slug}`;
    if (lang === DEFAULT_LANGUAGE && storedLabel) return storedLabel;
    return this.catalogue(lang)[key] ?? storedLabel ?? this.catalogue(DEFAULT_LANGUAGE)[key] ?? slug;
  }

  /** The page language: `?lang=`, then the chosen one (cookie), then the account's, then the browser's. */
  negotiate(query: unknown, cookie: unknown, account: readonly string[] | undefined, acceptLanguage: string | undefined): WebLanguage {
    if (isWebLanguage(query)) return query;
    if (isWebLanguage(cookie)) return cookie;
    const fromAccount = account?.find(isWebLanguage);
    if (fromAccount) return fromAccount;
    for (const part of (acceptLanguage ?? '').split(',').slice(0, 20)) {
      const tag = part.split(';')[0].trim().toLowerCase().slice(0, 2);
      if (isWebLanguage(tag)) return tag;
    }
    return DEFAULT_LANGUAGE;
  }

  date(lang: WebLanguage, iso: string | null | undefined, withTime = true): string {
    if (!iso) return '';
    // A list shows the same moments on every page it serves (the queue's due dates and last
    // activity): each is formatted once and kept, by language and moment, in a bounded map.
    const key = `${lang}${withTime ? 'T' : 'D'}${iso}`;
    let text = this.formattedDates.get(key);
    if (text !== undefined) return text;
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return '';
    const id = `${lang}:${withTime}`;
    let format = this.dateFormats.get(id);
    if (!format) {
      format = new Intl.DateTimeFormat(lang, withTime ? { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' } : { dateStyle: 'medium', timeZone: 'UTC' });
      this.dateFormats.set(id, format);
    }
    text = withTime ? `${format.format(d)} UTC` : format.format(d);
    if (this.formattedDates.size >= FORMATTED_DATES) this.formattedDates.clear();
    this.formattedDates.set(key, text);
    return text;
  }
}
