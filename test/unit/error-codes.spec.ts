import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES, FIELD_CODES } from '../../src/common/errors/error-codes.js';
import { loadCatalogue, WEB_LANGUAGES, WebI18n } from '../../src/web/i18n.js';

const SRC = join(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('error codes', () => {
  const codes = Object.keys(ERROR_CODES);

  it('has a translation of every code and every field constraint in the five languages, with the same placeholders as English', () => {
    const en = loadCatalogue('en');
    for (const lang of WEB_LANGUAGES) {
      const catalogue = loadCatalogue(lang);
      for (const code of codes) {
        const text = catalogue[`error.code.${code}`];
        expect([lang, code, typeof text]).toEqual([lang, code, 'string']);
        const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        expect([lang, code, placeholders(text)]).toEqual([lang, code, placeholders(en[`error.code.${code}`])]);
        if (lang !== 'en') expect([lang, code, text === en[`error.code.${code}`]]).toEqual([lang, code, false]);
      }
      for (const code of FIELD_CODES) {
        const text = catalogue[`error.${code}`] ?? catalogue[`error.${code}.other`];
        expect([lang, code, typeof text]).toEqual([lang, code, 'string']);
      }
    }
  });

  it('throws only codes of the catalogue, and every code of the catalogue is thrown somewhere (or is a status fallback)', () => {
    const text = sources(SRC)
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const thrown = new Set([...text.matchAll(/(?:refuse|Refusal|forbidden|conflict|badRequest)\(\s*'([a-z]+\.[a-z-]+)'/g)].map((m) => m[1]));
    for (const code of thrown) expect([code, codes.includes(code)]).toEqual([code, true]);
    const unused = codes.filter((c) => !thrown.has(c) && !text.includes(`'${c}'`));
    expect(unused).toEqual([]);
  });

  it('translates a refusal and its values in the page language, never in English', () => {
    const i18n = new WebI18n();
    expect(i18n.refusal('fr', 'inquiry.closed', { status: 'withdrawn' })).toBe(
      'La demande est « Retirée » : ce n’est plus possible.'.replace('Retirée', i18n.t('fr', 'status.withdrawn')),
    );
    expect(i18n.refusal('ar', 'assignment.conflict-of-interest', { country: 'FR' })).toContain('فرنسا');
    expect(i18n.fieldError('en', 'field.too-long', { field: 'subject', max: 1 })).toBe('At most 1 character.');
    expect(i18n.fieldError('en', 'field.too-long', { field: 'subject', max: 300 })).toBe('At most 300 characters.');
    expect(i18n.fieldError('ar', 'field.too-long', { field: 'subject', max: 2 })).toBe('حرفان على الأكثر.');
    expect(i18n.plural('fr', 'users.count', 0)).toBe('0 compte');
    expect(i18n.plural('en', 'users.count', 1)).toBe('1 account');
    expect(i18n.plural('ar', 'users.count', 11)).toBe('11 حسابًا');
  });

  it('lists States by common name, sorted by the language, Kosovo once, the fictional ones only when asked', () => {
    const i18n = new WebI18n();
    const en = i18n.countryOptions('en');
    expect(en.find((c) => c.code === 'CN')?.name).toBe('China');
    expect(en.filter((c) => c.code === 'XK')).toHaveLength(1);
    expect(en.some((c) => c.code === 'XA')).toBe(false);
    const withDemo = i18n.countryOptions('en', true);
    expect(withDemo.filter((c) => /^X[A-Z]$/.test(c.code) && c.code !== 'XK')).toHaveLength(25);
    expect(withDemo.filter((c) => c.code === 'XK')).toHaveLength(1);
    const names = en.map((c) => c.name);
    expect([...names].sort(new Intl.Collator('en').compare)).toEqual(names);
    expect(new Set(en.map((c) => c.name)).size).toBe(en.length);
  });
});
