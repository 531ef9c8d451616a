import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_TOPICS } from '../../migrations/data/default-topics.js';
import { ASSIGNMENT_STATUSES } from '../../src/common/assignment-status.js';
import { ASSIGNMENT_ROLES } from '../../src/experts/assignment.entity.js';
import { REGIONS } from '../../src/experts/regions.js';
import { ORGANIZATION_KINDS } from '../../src/identity/organization.entity.js';
import { ROLES } from '../../src/common/role.js';
import { PRIORITIES, SECRETARIAT_OUTCOMES, STATUSES, URGENCIES } from '../../src/common/workflow.js';
import { webAssetsDir } from '../../src/web/assets.js';
import { loadCatalogue, WEB_LANGUAGES, WebI18n } from '../../src/web/i18n.js';

const en = loadCatalogue('en');
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Every template under src/web/views, with the keys it names literally ({{t "key"}}). */
function templateKeys(): string[] {
  const dir = join(webAssetsDir(), 'views');
  const files = ['layouts', 'partials', 'pages'].flatMap((sub) => readdirSync(join(dir, sub)).map((f) => join(dir, sub, f)));
  return files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\(?\bt "([^"]+)"/g)].map((m) => m[1]));
}

describe('the pages speak five languages', () => {
  it.each(WEB_LANGUAGES.filter((l) => l !== 'en'))('the %s catalogue has every key of en.json, with the same placeholders, and no other', (lang) => {
    const catalogue = loadCatalogue(lang);
    expect(Object.keys(en).filter((k) => catalogue[k] === undefined || catalogue[k].trim() === '')).toEqual([]);
    // A language with more plural categories than English (Arabic's zero, two, few, many) has keys
    // of its own beside the `.other` that English has.
    const pluralOfEnglish = (k: string) => /\.(zero|two|few|many)$/.test(k) && en[k.replace(/\.\w+$/, '.other')] !== undefined;
    expect(Object.keys(catalogue).filter((k) => en[k] === undefined && !pluralOfEnglish(k))).toEqual([]);
    // A plural form may spell its number out (Arabic's "حساب واحد" for one account): its number may be left out, nothing else.
    const numberless = (k: string, p: string[]) => (/\.(zero|one|two)$/.test(k) ? p.filter((n) => !['count', 'min', 'max'].includes(n)) : p);
    expect(Object.keys(en).filter((k) => numberless(k, placeholders(en[k])).join() !== numberless(k, placeholders(catalogue[k])).join())).toEqual([]);
  });

  it('names in en.json every key that a template names', () => {
    const used = templateKeys();
    expect(used.length).toBeGreaterThan(200);
    expect([...new Set(used)].filter((k) => en[k] === undefined)).toEqual([]);
  });

  it('has a label for every status, urgency, priority, outcome, role, region, kind and default topic', () => {
    const needed = [
      ...STATUSES.map((s) => `status.${s}`),
      ...STATUSES.filter((s) => s !== 'submitted').map((s) => `workflow.to.${s}`),
      'workflow.to.reopen',
      ...URGENCIES.map((u) => `urgency.${u}`),
      ...PRIORITIES.map((p) => `priority.${p}`),
      ...[...SECRETARIAT_OUTCOMES, 'withdrawn'].map((o) => `outcome.${o}`),
      ...ROLES.map((r) => `role.${r}`),
      ...REGIONS.map((r) => `region.${r}`),
      ...ORGANIZATION_KINDS.map((k) => `orgKind.${k}`),
      ...ASSIGNMENT_ROLES.map((r) => `assignment.role.${r}`),
      ...ASSIGNMENT_STATUSES.map((s) => `assignment.status.${s}`),
      ...['pending', 'cleared', 'returned'].map((c) => `clearance.${c}`),
      ...WEB_LANGUAGES.map((l) => `language.${l}`),
      ...[400, 403, 404, 409, 413, 415, 429, 500].flatMap((s) => [`error.title.${s}`, `error.text.${s}`]),
      ...DEFAULT_TOPICS.map((t) => `topic.${t.slug}`),
    ];
    expect(needed.filter((k) => en[k] === undefined)).toEqual([]);
  });

  it('falls back to English for a missing key, and to the stored label for a topic added later', () => {
    const i18n = new WebI18n();
    delete i18n.catalogue('pt')['nav.queue'];
    expect(i18n.t('pt', 'nav.queue')).toBe(en['nav.queue']);
    expect(i18n.t('pt', 'nav.myQueries')).toBe('As minhas consultas');
    expect(i18n.topic('fr', 'police-custody-safeguards', 'stored')).toBe('Garanties dans les premières heures de la garde à vue');
    expect(i18n.topic('en', 'police-custody-safeguards', 'Reworded by the secretariat')).toBe('Reworded by the secretariat');
    expect(i18n.topic('ar', 'prison-health', 'Health care in prisons')).toBe('Health care in prisons');
    expect(i18n.t('en', 'inquiry.title', { ref: 'CTI-2026-0001' })).toBe('Query CTI-2026-0001');
  });

  it('says a count in the grammar of each language wherever a template gives one (t with count=)', () => {
    const i18n = new WebI18n();
    expect(i18n.text('en', 'myQueries.count', { count: 1 })).toBe('1 query');
    expect(i18n.text('en', 'queue.count', { count: 3 })).toBe('3 queries');
    expect(i18n.text('fr', 'queue.count', { count: 0 })).toBe('0 demande');
    expect(i18n.text('ar', 'users.count', { count: 2 })).not.toBe(i18n.text('ar', 'users.count', { count: 11 }));
    // Without a number, or for a text without plural forms, the plain text.
    expect(i18n.text('en', 'myQueries.count', { count: '1' })).toBe(i18n.t('en', 'myQueries.count', { count: '1' }));
    expect(i18n.text('en', 'inquiry.title', { ref: 'CTI-2026-0001', count: 1 })).toBe('Query CTI-2026-0001');
  });

  it('names States from the country package, and the fictional XA–XZ as such', () => {
    const i18n = new WebI18n();
    expect(i18n.country('fr', 'KE')).toBe('Kenya');
    expect(i18n.country('ar', 'KE')).toBe('كينيا');
    expect(i18n.country('es', 'XB')).toBe('Estado ficticio XB');
    expect(i18n.dir('ar')).toBe('rtl');
    expect(i18n.dir('pt')).toBe('ltr');
    expect(i18n.negotiate(undefined, undefined, ['es'], 'fr-CH,fr;q=0.9')).toBe('es');
    expect(i18n.negotiate('ar', 'fr', ['es'], undefined)).toBe('ar');
    expect(i18n.negotiate('xx', undefined, [], 'pt-BR,pt;q=0.9')).toBe('pt');
  });
});
