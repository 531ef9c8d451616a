import { describe, expect, it } from '@jest/globals';
import { WebI18n, type WebLanguage } from '../../src/web/i18n.js';
import { queueSlots } from '../../src/web/inquiries/inquiry-list.presenter.js';
import { WebViews } from '../../src/web/views.js';

const i18n = new WebI18n();

interface Variant {
  lang: WebLanguage;
  name: string;
  badge: number | null;
  flash: boolean;
  counts: number[];
  q?: string;
  next: string | null;
  rows: string;
  path?: string;
  /** The States' choices given as ready bytes (as ChoiceLists gives a list with nothing chosen). */
  bytes?: boolean;
}

/** A queue page's whole context, as WebPages.render gives it to the views. */
function context(v: Variant, asText = false): Record<string, unknown> & { lang: WebLanguage } {
  const countries = `<option value="FR">France</option><option value="${v.lang}">${v.name}</option>`;
  const tabs = ['open', 'new', 'overdue', 'clearance', 'all'];
  return {
    title: 'queue.title',
    tab: 'open',
    tabs: tabs.map((id, n) => ({ id, current: n === 0, href: `/inquiries?tab=${id}`, count: v.counts[n] })),
    filters: { q: v.q },
    choices: {
      status: '<option value="submitted">S</option>',
      topic: v.bytes && !asText ? Buffer.alloc(0) : '',
      country: v.bytes && !asText ? Buffer.from(countries) : countries,
      urgency: '',
    },
    items: v.rows ? [{}] : [],
    rows: v.rows,
    total: v.counts[0],
    caption: i18n.text(v.lang, 'queue.count', { count: v.counts[0] }),
    next: v.next,
    lang: v.lang,
    dir: i18n.dir(v.lang),
    me: { name: v.name, role: 'secretariat' },
    enrolling: false,
    nav: [
      { href: '/inquiries', label: 'nav.queue', current: true, badge: null },
      { href: '/notifications', label: 'nav.notifications', current: false, badge: v.badge },
    ],
    csrf: `token-of-${v.name}`,
    flash: v.flash ? { kind: 'ok', key: 'flash.saved' } : null,
    mailAlert: null,
    pageLanguages: [{ code: 'en', name: 'English', current: v.lang === 'en' }],
    flashText: null,
    path: v.path ?? '/inquiries',
  };
}

const variants: Variant[] = [
  { lang: 'en', name: 'Ada', badge: 3, flash: false, counts: [5, 1, 0, 0, 9], next: '/inquiries?tab=open&cursor=abc', rows: '<tr><td>a</td></tr>' },
  { lang: 'en', name: 'Bob <b>&"\'', badge: 3, flash: false, counts: [5, 1, 0, 0, 9], next: '/inquiries?tab=open&cursor=abc', rows: '<tr><td>b</td></tr>' },
  { lang: 'en', name: 'Ada', badge: null, flash: true, counts: [0, 0, 0, 0, 0], q: 'a "quoted" <word>', next: null, rows: '' },
  { lang: 'ar', name: 'Ada', badge: 1, flash: false, counts: [2, 0, 1, 0, 2], next: null, rows: '<tr><td>c</td></tr>' },
  { lang: 'ar', name: 'Ada', badge: 11, flash: false, counts: [103, 3, 11, 2, 200], q: '0', next: '/inquiries?x=1', rows: '<tr><td>d</td></tr>' },
  { lang: 'en', name: 'Nul\u00000\u0000 name', badge: 2, flash: false, counts: [1, 1, 1, 1, 1], next: null, rows: '<tr><td>e</td></tr>' },
  { lang: 'en', name: 'Ada', badge: 4, flash: false, counts: [6, 1, 0, 0, 10], next: '/inquiries?tab=open&cursor=def', rows: '<tr><td>f</td></tr>' },
  { lang: 'en', name: 'Ada', badge: 4, flash: false, counts: [6, 1, 0, 0, 10], next: null, rows: '<tr><td>g</td></tr>', path: '/inquiries/0193%22x' },
  { lang: 'fr', name: 'Ada', badge: 4, flash: false, counts: [6, 1, 0, 0, 10], next: null, rows: '<tr><td>h</td></tr>', path: '/a"b<c>' },
  { lang: 'ar', name: 'Ada', badge: 4, flash: false, counts: [6, 1, 0, 0, 10], next: null, rows: '<tr><td>i</td></tr>', bytes: true },
  { lang: 'ar', name: 'عائشة', badge: 4, flash: false, counts: [6, 1, 0, 0, 10], next: null, rows: '<tr><td>j</td></tr>', bytes: true },
  { lang: 'en', name: 'Ada', badge: 4, flash: false, counts: [6, 1, 0, 0, 10], next: null, rows: '<tr><td>k</td></tr>', bytes: true },
];

describe('renderings kept by WebViews (the layout by what it shows, the queue by its slots)', () => {
  it('are what a fresh rendering of the same context is, whoever asked for the ones kept before', () => {
    const kept = new WebViews(i18n);
    // Twice over: the second time every layout and page comes from what was kept.
    for (const v of [...variants, ...variants]) {
      const c = context(v);
      const fresh = new WebViews(i18n).render('queue', context(v, true));
      expect(kept.render('queue', c, queueSlots(c))).toBe(fresh);
      expect(kept.renderBytes('queue', c, queueSlots(c)).toString('utf8')).toBe(fresh);
      expect(kept.render('queue', c)).toBe(fresh);
    }
  });

  it('never show one viewer what was rendered for another', () => {
    const kept = new WebViews(i18n);
    const [ada, bob] = [variants[0], variants[1]];
    kept.render('queue', context(ada), queueSlots(context(ada)));
    const forBob = kept.render('queue', context(bob), queueSlots(context(bob)));
    expect(forBob).not.toContain('Ada');
    expect(forBob).not.toContain('token-of-Ada');
    expect(forBob).not.toContain('<td>a</td>');
    expect(forBob).toContain('Bob &lt;b&gt;&amp;&quot;&#x27;');
    expect(forBob).toContain('token-of-Bob');
  });
});
