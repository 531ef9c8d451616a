import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { webAssetsDir } from './assets.js';
import { WebI18n, type WebLanguage } from './i18n.js';
import type { FormView } from './form-view.js';

type HelperOptions = Handlebars.HelperOptions;
type Root = { lang: WebLanguage; topicLabels?: Record<string, string>; form?: FormView };

const root = (options: HelperOptions): Root => (options.data as { root: Root }).root;

/**
 * The values of a page's context that change from one request to the next while its markup does
 * not (counts, a search, ready-made HTML), named by their paths (`tabs.0.count`): see
 * `WebViews.render`. Each must be written by the template as it is (`{{x}}` in `text`, `{{{x}}}` in
 * `html`), never tested (but for being there) nor passed to a helper; `key` names everything else
 * of the context that the page's markup depends on (its language aside).
 */
export interface PageSlots {
  key: string;
  text?: readonly string[];
  html?: readonly string[];
}

/** A slot's place while a rendering is made to be kept: U+0000, which no template or text of ours writes, and which escaping keeps. */
const MARK = '\u0000';
/** Kept renderings: the layouts of the people signed in lately in their languages and pages, the kept pages; some 3 KB each. */
const KEPT_RENDERINGS = 1000;
const LAYOUT_SLOTS = { text: ['csrf', 'path'], html: ['body'] } as const;

/** Everything the layout (layouts/main.hbs and its partials) shows but its slots (the token, the page's path, the page): a change there must be named here. */
function layoutKey(c: Record<string, unknown>): string {
  const me = c.me as { name?: unknown; role?: unknown } | null | undefined;
  const nav = (c.nav as Array<Record<string, unknown>> | undefined) ?? [];
  return JSON.stringify([
    'layout',
    c.lang,
    c.dir,
    c.title,
    c.reference,
    me ? [me.name, me.role] : me,
    c.enrolling,
    nav.map((i) => [i.href, i.label, i.current, i.badge]),
    c.mailAlert,
    c.flash,
    c.flashText,
    c.pageLanguages,
  ]);
}

/** A rendering kept split at its slots: the text between them, and the same as the UTF-8 bytes written. */
interface Kept {
  parts: string[];
  slots: number[];
  bytes: Buffer[];
}

function fill(kept: { parts: string[]; slots: number[] }, values: unknown[], textSlots: number): string {
  let out = kept.parts[0];
  for (let n = 0; n < kept.slots.length; n++) {
    const slot = kept.slots[n];
    out += (slot < textSlots ? Handlebars.Utils.escapeExpression(values[slot] as string) : String(values[slot])) + kept.parts[n + 1];
  }
  return out;
}

/**
 * The same as bytes, without encoding the kept parts again: a slot's value is escaped (`text`) and
 * encoded, or written as it is when it is ready bytes already (a Buffer, or a list of them: a
 * rendering filled this way, the page in the layout).
 */
function fillBytes(kept: Kept, values: unknown[], textSlots: number): Buffer[] {
  const out = [kept.bytes[0]];
  for (let n = 0; n < kept.slots.length; n++) {
    const slot = kept.slots[n];
    const value = values[slot];
    if (Array.isArray(value)) out.push(...(value as Buffer[]));
    else if (Buffer.isBuffer(value)) out.push(value);
    else out.push(Buffer.from(slot < textSlots ? Handlebars.Utils.escapeExpression(value as string) : String(value)));
    out.push(kept.bytes[n + 1]);
  }
  return out;
}

/** Whether a slot's value is written as it is rather than kept as a slot: falsy, or no bytes. */
const blank = (value: unknown): boolean => !value || (Buffer.isBuffer(value) && value.length === 0) || (Array.isArray(value) && value.every((b: Buffer) => b.length === 0));

/** Ready bytes (a Buffer, or a list of them) as the text they hold, for a rendering made afresh. */
const asText = (value: unknown): unknown => (Array.isArray(value) ? Buffer.concat(value as Buffer[]).toString('utf8') : Buffer.isBuffer(value) ? value.toString('utf8') : value);

function valueAt(context: Record<string, unknown>, path: string): unknown {
  let v: unknown = context;
  for (const step of path.split('.')) v = v === null || v === undefined ? undefined : (v as Record<string, unknown>)[step];
  return v;
}

/** A copy of `context` with `value` at `path`, copying only the objects on the way. */
function withValueAt(context: unknown, path: string[], value: unknown): Record<string, unknown> {
  const [step, ...rest] = path;
  const copy: Record<string, unknown> = Array.isArray(context) ? ([...context] as unknown as Record<string, unknown>) : { ...(context as Record<string, unknown>) };
  copy[step] = rest.length ? withValueAt(copy[step], rest, value) : value;
  return copy;
}

/** The refused form's view when the control or summary asked about belongs to it (`which`: a form's name, or none for a page of one form). */
const refusedHere = (form: FormView | undefined, which: unknown): FormView | undefined =>
  form && (typeof which !== 'string' || form.name === null || form.name === which) ? form : undefined;

/**
 * The Handlebars templates under src/web/views: pages/*.hbs rendered into layouts/main.hbs, with
 * the partials of partials/*.hbs. Everything is escaped unless a template says otherwise (only the
 * rendered page inside the layout, and the QR code made on the server, are inserted raw).
 */
@Injectable()
export class WebViews {
  private readonly hbs = Handlebars.create();
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();
  private readonly layout: Handlebars.TemplateDelegate;
  private readonly kept = new Map<string, Kept>();

  constructor(private readonly i18n: WebI18n) {
    const dir = join(webAssetsDir(), 'views');
    this.registerHelpers();
    // Our helpers named to the compiler, which then calls them directly instead of asking at each
    // use whether a name is a helper or a value (the same output, less work on every page).
    const options = { knownHelpers: Object.fromEntries(Object.keys(this.hbs.helpers).map((name) => [name, true])) };
    for (const file of readdirSync(join(dir, 'partials')).filter((f) => f.endsWith('.hbs'))) {
      this.hbs.registerPartial(basename(file, '.hbs'), this.hbs.compile(readFileSync(join(dir, 'partials', file), 'utf8'), options));
    }
    for (const file of readdirSync(join(dir, 'pages')).filter((f) => f.endsWith('.hbs'))) {
      this.pages.set(basename(file, '.hbs'), this.hbs.compile(readFileSync(join(dir, 'pages', file), 'utf8'), { ...options, strict: false }));
    }
    this.layout = this.hbs.compile(readFileSync(join(dir, 'layouts', 'main.hbs'), 'utf8'), options);
  }

  /**
   * `page` in the layout. The layout is kept (see `filled`) by everything it shows but the
   * anti-forgery token, the page's path (its language links) and the page; with `slots`, the page
   * itself is kept by `slots.key`.
   */
  render(page: string, context: Record<string, unknown> & Root, slots?: PageSlots): string {
    return this.renderBytes(page, context, slots).toString('utf8');
  }

  /**
   * The same as the UTF-8 bytes to send: the kept parts are kept encoded, so that only what
   * changes is encoded for each request (encoding the whole page of some 32 KB was 5 % of the
   * queue page's CPU, bench W6). An html slot's value may be ready bytes (a Buffer) already.
   */
  renderBytes(page: string, context: Record<string, unknown> & Root, slots?: PageSlots): Buffer {
    const template = this.pages.get(page);
    if (!template) throw new Error(`no template ${page}`);
    const body = slots ? this.filled(`${page}\u0000${context.lang}\u0000${slots.key}`, context, slots, template) : [Buffer.from(template(context))];
    return Buffer.concat(this.filled(layoutKey(context), { ...context, body }, LAYOUT_SLOTS, this.layout));
  }

  /**
   * A rendering kept for later: `render` over `context` with a marker in place of each slot's value,
   * kept split at the markers under `key` and the slots' falsy values (a falsy value is written as it
   * is, so that a block shown only for a value is kept both ways), then filled with this context's
   * values, escaped as `{{...}}` escapes them (`text`) or as they are (`html`). What the kept markup
   * shows is thus what rendering it now would, as long as `key` names everything else the template
   * reads: a kept entry is only ever used for a context with the same key, so it carries nothing
   * from one viewer to another that the other's own rendering would not show.
   */
  private filled(key: string, context: Record<string, unknown>, slots: { text?: readonly string[]; html?: readonly string[] }, render: Handlebars.TemplateDelegate): Buffer[] {
    const names = [...(slots.text ?? []), ...(slots.html ?? [])];
    const values = names.map((name) => valueAt(context, name));
    const fullKey = `${key}\u0000${values.map((v) => (blank(v) ? `${typeof v}:${String(asText(v))}` : '')).join('\u0000')}`;
    const kept = this.kept.get(fullKey);
    if (kept) return fillBytes(kept, values, slots.text?.length ?? 0);
    // Rendered afresh: with every slot's value as text (ready bytes decoded).
    let plain = context;
    const texts = values.map((v, n) => {
      const text = asText(v);
      if (text !== v) plain = withValueAt(plain, names[n].split('.'), text);
      return text;
    });
    let marked = plain;
    names.forEach((name, n) => {
      if (!blank(values[n])) marked = withValueAt(marked, name.split('.'), `${MARK}${n}${MARK}`);
    });
    const parts = render(marked).split(MARK);
    const made = { parts: parts.filter((_, n) => n % 2 === 0), slots: parts.filter((_, n) => n % 2 === 1).map(Number) };
    // Kept only when filling it gives what rendering gives (not, say, when a text holds U+0000).
    const direct = render(plain);
    if (fill(made, texts, slots.text?.length ?? 0) !== direct) return [Buffer.from(direct)];
    if (this.kept.size >= KEPT_RENDERINGS) this.kept.clear();
    this.kept.set(fullKey, { ...made, bytes: made.parts.map((p) => Buffer.from(p)) });
    return [Buffer.from(direct)];
  }

  /** A page that is a whole document of its own (a file to download), without the site's layout. */
  document(page: string, context: Record<string, unknown> & Root): string {
    const template = this.pages.get(page);
    if (!template) throw new Error(`no template ${page}`);
    return template(context);
  }

  private registerHelpers(): void {
    const i18n = this.i18n;
    const h = this.hbs;
    h.registerHelper('t', function (key: unknown, options: HelperOptions) {
      return i18n.text(root(options).lang, String(key), options.hash as Record<string, unknown>);
    });
    /** `{{tk "status." status}}`: a key built from parts. */
    h.registerHelper('tk', function (...args: unknown[]) {
      const options = args.pop() as HelperOptions;
      return i18n.text(root(options).lang, args.map(String).join(''), options.hash as Record<string, unknown>);
    });
    h.registerHelper('topic', function (slug: unknown, options: HelperOptions) {
      const r = root(options);
      return i18n.topic(r.lang, String(slug), r.topicLabels?.[String(slug)]);
    });
    h.registerHelper('country', function (code: unknown, options: HelperOptions) {
      return typeof code === 'string' && code ? i18n.country(root(options).lang, code) : '';
    });
    h.registerHelper('date', function (iso: unknown, options: HelperOptions) {
      return i18n.date(root(options).lang, typeof iso === 'string' ? iso : null, options.hash.time !== false);
    });
    h.registerHelper('dateInput', (iso: unknown) => (typeof iso === 'string' && iso.length >= 10 ? iso.slice(0, 10) : ''));
    /** `{{plural "users.count" total}}`: the text for that number in the page language's plural category. */
    h.registerHelper('plural', function (key: unknown, count: unknown, options: HelperOptions) {
      return i18n.plural(root(options).lang, String(key), Number(count), options.hash as Record<string, unknown>);
    });
    /** A value typed into the form shown again (`{{val "subject"}}`), or the fallback given. */
    h.registerHelper('val', function (name: unknown, ...rest: unknown[]) {
      const options = rest.pop() as HelperOptions;
      const v = root(options).form?.values[String(name)];
      return v === undefined || v === null ? (rest[0] ?? '') : v;
    });
    /** Whether a choice was the one made (`{{#if (chosen "role" this)}}`), also among several (checkboxes). */
    h.registerHelper('chosen', function (name: unknown, value: unknown, options: HelperOptions) {
      const v = root(options).form?.values[String(name)];
      return Array.isArray(v) ? v.includes(value) : v === value;
    });
    /**
     * The attributes of a control that may be in error: `aria-invalid`, `aria-describedby` naming its
     * message (and its hint, given second), `autofocus` on the first invalid field.
     */
    h.registerHelper('fieldAttrs', function (name: unknown, ...rest: unknown[]) {
      const options = rest.pop() as HelperOptions;
      const hint = typeof rest[0] === 'string' ? rest[0] : '';
      const form = refusedHere(root(options).form, options.hash.form);
      const error = form?.errors[String(name)];
      const described = [error?.id, hint].filter(Boolean).join(' ');
      const attrs = `${error ? ' aria-invalid="true"' : ''}${described ? ` aria-describedby="${Handlebars.escapeExpression(described)}"` : ''}${form?.focus === name ? ' autofocus data-focus' : ''}`;
      return new Handlebars.SafeString(attrs);
    });
    h.registerHelper('fieldError', function (name: unknown, options: HelperOptions) {
      return refusedHere(root(options).form, options.hash.form)?.errors[String(name)] ?? null;
    });
    /** Whether the page's refused form is this one (`{{#if (formRefused "password")}}`; no name: any). */
    h.registerHelper('formRefused', function (...args: unknown[]) {
      const options = args.pop() as HelperOptions;
      return Boolean(refusedHere(root(options).form, args[0])?.invalid);
    });
    h.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    h.registerHelper('not', (a: unknown) => !a);
    h.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
    h.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
    h.registerHelper('includes', (list: unknown, item: unknown) => Array.isArray(list) && list.includes(item));
    h.registerHelper('join', (list: unknown, sep: unknown) => (Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : ', ') : ''));
    h.registerHelper('size', (n: unknown) => {
      const bytes = Number(n);
      if (bytes < 1024) return `${bytes} B`;
      if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
      return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    });
  }
}
