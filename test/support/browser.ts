import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestApp } from './app.js';

const require = createRequire(import.meta.url);

/** Debian's Chromium (.ci/run installs it); nothing is downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');

/** Headless Chromium; a missing browser fails the suite (it is never skipped). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium (see .ci/run)`);
  await mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Without the networking flags Chromium reaches out to Google's services on its own.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A browser context whose every request is recorded, to prove the pages reach no other host. */
export async function newRecordedContext(browser: Browser, options: { locale?: string } = {}): Promise<{ context: BrowserContext; page: Page; requests: string[] }> {
  const context = await browser.newContext({ locale: options.locale ?? 'en-GB', viewport: { width: 1200, height: 900 } });
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  return { context, page, requests };
}

export async function signInPage(page: Page, t: TestApp, email: string, password: string, totp?: string): Promise<void> {
  await page.goto(`${t.url}/login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  if (totp) await page.fill('#totp', totp);
  await clickAndWait(page, 'form[action="/login"] button[type="submit"]');
}

/** Clicks what submits a form (or follows a link) and waits for the page that answers. */
export async function clickAndWait(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
}

type CookieJar = Map<string, string>;

/**
 * A browser-like HTTP client for the pages (no JavaScript): keeps cookies, reads the anti-forgery
 * token of the last page, posts url-encoded forms and follows nothing by itself.
 */
export class WebClient {
  readonly cookies: CookieJar = new Map();
  lastHtml = '';

  constructor(readonly baseUrl: string) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<Response & { html: string }> {
    return this.send('GET', path, undefined, headers);
  }

  /** Posts a form; `_csrf` is taken from the last page unless given (null: none at all). */
  async post(path: string, form: Record<string, string | string[]>, options: { csrf?: string | null; headers?: Record<string, string> } = {}) {
    const body = new URLSearchParams();
    const csrf = options.csrf === undefined ? this.csrf() : options.csrf;
    if (csrf !== null) body.append('_csrf', csrf);
    for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return this.send('POST', path, body.toString(), { 'content-type': 'application/x-www-form-urlencoded', ...options.headers });
  }

  /**
   * Posts a multipart form as the pages' file forms do: the token goes in the query string, since
   * the anti-forgery check runs before the streamed parts are read.
   */
  async postMultipart(path: string, fields: Record<string, string | string[]>, options: { csrf?: string | null; file?: { name: string; bytes: Buffer } } = {}) {
    const csrf = options.csrf === undefined ? this.csrf() : options.csrf;
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) form.append(k, one);
    if (options.file) form.append('file', new Blob([options.file.bytes], { type: 'application/octet-stream' }), options.file.name);
    const url = csrf === null ? path : `${path}${path.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(csrf)}`;
    return this.send('POST', url, form, {});
  }

  /** The anti-forgery token of the last page rendered. */
  csrf(): string {
    const m = this.lastHtml.match(/name="_csrf" value="([^"]+)"/);
    if (!m) throw new Error('no anti-forgery token on the last page');
    return m[1];
  }

  async signIn(email: string, password: string): Promise<Response & { html: string }> {
    await this.get('/login');
    const res = await this.post('/login', { email, password });
    if (res.status !== 303) throw new Error(`sign-in failed: ${res.status}`);
    return res;
  }

  private async send(method: string, path: string, body: string | FormData | undefined, headers: Record<string, string>): Promise<Response & { html: string }> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(this.baseUrl + path, { method, body, redirect: 'manual', headers: { ...(cookie ? { cookie } : {}), ...headers } });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = pair.split('=');
      const value = rest.join('=');
      if (value === '' || /max-age=0|expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
    const html = await res.text();
    if ((res.headers.get('content-type') ?? '').startsWith('text/html')) this.lastHtml = html;
    return Object.assign(res, { html });
  }
}

/** axe-core's script, read once from the dev dependency and injected into each checked page. */
let axeSource: string | undefined;

/**
 * Runs axe-core (WCAG 2.x A and AA rules) on the page as it is and fails with the violations named,
 * so a journey can check every page it visits. The script is injected from node_modules: nothing is
 * fetched from outside.
 */
export async function expectNoAxeViolations(page: Page, label = page.url()): Promise<void> {
  axeSource ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not
  // govern (an injected <script> tag would be refused, as it should be).
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (context: unknown, options: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown[] }> }> }> };
      }
    ).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  });
  if (violations.length > 0) throw new Error(`axe-core found ${violations.length} violation(s) on ${label}:\n${violations.join('\n')}`);
}

/** Screenshots go to test-artifacts/screenshots (named in the CI log by .ci/run). */
export const SCREENSHOTS = resolve(ARTIFACTS, 'screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = resolve(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
