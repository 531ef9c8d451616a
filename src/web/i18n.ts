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

const require = createRequire(import.meta.url);
for (const lang of WEB_LANGUAGES) countries.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`));

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
  private readonly countryLists = new Map<WebLanguage, ReadonlyArray<{ code: string; name: string }>>();
  private readonly dateFormats = new Map<string, Intl.DateTimeFormat>();

  /** The live catalogue of one language. */
  catalogue(lang: WebLanguage): Catalogue {
    return this.catalogues.get(lang)!;
  }

  t(lang: WebLanguage, key: string, params: Record<string, unknown> = {}): string {
    const text = this.catalogue(lang)[key] ?? this.catalogue(DEFAULT_LANGUAGE)[key] ?? key;
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
    return countries.getName(code, lang) ?? countries.getName(code, DEFAULT_LANGUAGE) ?? this.t(lang, 'country.fictional', { code });
  }

  /** Every State for a choice list, by name in the page's language, the fictional XA–XZ last. */
  countryOptions(lang: WebLanguage): ReadonlyArray<{ code: string; name: string }> {
    let list = this.countryLists.get(lang);
    if (!list) {
      const collator = new Intl.Collator(lang);
      const real = Object.entries(countries.getNames(lang, { select: 'official' }))
        .map(([code, name]) => ({ code, name }))
        .sort((a, b) => collator.compare(a.name, b.name));
      const fictional = Array.from({ length: 26 }, (_, i) => `X${String.fromCharCode(65 + i)}`).map((code) => ({ code, name: this.country(lang, code) }));
      list = Object.freeze([...real, ...fictional]);
      this.countryLists.set(lang, list);
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
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return '';
    const id = `${lang}:${withTime}`;
    let format = this.dateFormats.get(id);
    if (!format) {
      format = new Intl.DateTimeFormat(lang, withTime ? { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' } : { dateStyle: 'medium', timeZone: 'UTC' });
      this.dateFormats.set(id, format);
    }
    return withTime ? `${format.format(d)} UTC` : format.format(d);
  }
}
