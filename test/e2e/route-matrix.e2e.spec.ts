import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { startApp, type TestApp } from '../support/app.js';
import { WebClient } from '../support/browser.js';
import { pdfBytes, upload } from '../support/files.js';
import type { HttpResult } from '../support/http.js';
import { buildMatrixFixtures, isPage, NEVER, type Call, type Fixtures, type Must, type Row, type Target } from '../support/route-matrix.js';
import { API_MUST, API_ROWS } from '../support/route-matrix-api.js';
import { EXPECTED, ROLES, type Role } from '../support/route-matrix-expected.js';
import { PAGE_MUST, PAGE_ROWS, SHOWN_AGAIN } from '../support/route-matrix-pages.js';
import { declaredRoutes } from '../support/routes.js';

const ROWS: Record<string, Row> = { ...API_ROWS, ...PAGE_ROWS };
const MUST: Must = { ...API_MUST, ...PAGE_MUST };
/** Rows that only read the fixtures first, then those that change them, each in table order. */
const ORDER = [...Object.entries(ROWS).filter(([, r]) => !r.mutates), ...Object.entries(ROWS).filter(([, r]) => r.mutates)];

/** The one page that sends a signed-in browser to the sign-in page; the one public command that sends an anonymous one elsewhere. */
const SIGNS_OUT = 'POST /logout';
const ANONYMOUS_ELSEWHERE = ['POST /language'];

type Result = HttpResult & { flash?: { kind: string; key: string } };

/** A browser of one role: its cookies, and the form token of its session. */
interface Browser {
  client: WebClient;
  csrf: string;
}

const FLASH_COOKIE = 'cti-flash';

/**
 * A page's status as the matrix writes it: a redirect that carries an error message (a command
 * refused, as the API would with that status) is written with the message, e.g. "303(409)".
 */
const cell = (r: Result) => (r.status === 303 && r.flash?.kind === 'error' ? `303(${r.flash.key.replace(/^error\./, '')})` : String(r.status));

/** A hidden answer compared with a missing one: the form tokens are fresh on every page and the id itself differs. */
const comparable = (text: string, id: string) =>
  text
    .replace(/name="_csrf" value="[^"]*"/g, '')
    .replace(/_csrf=[^"&]*/g, '')
    .replaceAll(id, ':id');

describe('the complete access matrix: every route, API and pages, every role, own / foreign / missing', () => {
  let t: TestApp;
  let f: Fixtures;
  const browsers = {} as Record<Role, Browser>;

  /** Signs in through the sign-in form, as a person would; an anonymous browser has only opened that form. */
  const openBrowser = async (role: Role): Promise<Browser> => {
    const client = new WebClient(t.url);
    if (role === 'anon') await client.get('/login');
    else {
      await client.signIn(f.actors[role].email, f.actors[role].password);
      // The token of the sign-in page was made before the session; a page of the session has its own.
      await client.get('/account');
    }
    return { client, csrf: client.csrf() };
  };

  beforeAll(async () => {
    t = await startApp();
    f = await buildMatrixFixtures(t);
    for (const role of ROLES) browsers[role] = await openBrowser(role);
  });
  afterAll(() => t.close());

  it('has a row for every route the application declares, pages included, and no row for a route it does not', () => {
    const declared = declaredRoutes(t.app);
    expect(declared.filter((r) => !(r in ROWS))).toEqual([]);
    expect(Object.keys(ROWS).filter((r) => !declared.includes(r))).toEqual([]);
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(ROWS).sort());
    expect(declared.filter((r) => isPage(r.split(' ')[1])).length).toBeGreaterThan(0);
    // Every declared route is really served by Fastify under that method and path.
    const fastify = t.app.getHttpAdapter().getInstance();
    expect(declared.filter((r) => !fastify.hasRoute({ method: r.split(' ')[0] as 'GET', url: r.split(' ')[1] }))).toEqual([]);
  });

  const sendApi = async (call: Call, role: Role): Promise<Result> => {
    let token = role === 'anon' ? undefined : f.actors[role].token;
    if (call.fresh && role !== 'anon') token = (await t.http.post('/api/v1/auth/login', { email: f.actors[role].email, password: f.actors[role].password })).body.token;
    if (call.file) {
      if (!token) return t.http.request('POST', call.path, { raw: 'x', headers: { 'content-type': 'multipart/form-data; boundary=x' } });
      return upload(t.http, call.path, token, { name: 'matrix.pdf', bytes: pdfBytes('matrix') });
    }
    return t.http.request(call.method, call.path, { token, body: call.body });
  };

  const sendPage = async (call: Call, role: Role): Promise<Result> => {
    const b = call.fresh ? await openBrowser(role) : browsers[role];
    const file = call.file ? { name: 'matrix.pdf', bytes: pdfBytes('matrix') } : undefined;
    const res =
      call.method === 'GET'
        ? await b.client.get(call.path)
        : call.multipart || call.file
          ? await b.client.postMultipart(call.path, call.form ?? {}, { csrf: b.csrf, file })
          : await b.client.post(call.path, call.form ?? {}, { csrf: b.csrf });
    // The message a command leaves for the next page is read here and not carried on, so that
    // every row meets the same pages.
    const line = res.headers.getSetCookie().find((l) => l.startsWith(`${FLASH_COOKIE}=`) && !l.startsWith(`${FLASH_COOKIE}=;`));
    b.client.cookies.delete(FLASH_COOKIE);
    const flash = line ? JSON.parse(Buffer.from(line.slice(FLASH_COOKIE.length + 1).split(';')[0], 'base64url').toString('utf8')) : undefined;
    return { status: res.status, body: res.html, text: res.html, headers: res.headers, flash };
  };

  const observed: Record<string, Record<string, string>> = {};
  afterAll(() => {
    if (process.env.MATRIX_RECORD) process.stdout.write(JSON.stringify(observed, null, 1) + '\n');
  });

  for (const [route, row] of ORDER) {
    it(`${route}: ${ROLES.map((r) => `${r} ${EXPECTED[route]?.[r] ?? '?'}`).join(', ')}`, async () => {
      const got: Record<string, string> = {};
      for (const role of ROLES) {
        const results: Partial<Record<Target, Result>> = {};
        const used: Partial<Record<Target, string>> = {};
        for (const target of row.targets) {
          const fixed = (used[target] = row.ids ? row.ids(f)(target) : randomUUID());
          const call = row.call(() => fixed, f, role);
          results[target] = await (isPage(call.path) ? sendPage(call, role) : sendApi(call, role));
          if (isPage(call.path)) expectPageInvariants(route, role, target, call, results[target]!);
        }
        got[role] = row.targets.map((tg) => cell(results[tg]!)).join('/');
        for (const [target, res] of Object.entries(results) as [Target, Result][]) {
          const where = `${route} as ${role} on ${target}`;
          // A refusal shows nothing of a query, except a refused form shown again on its query's page
          // (which the checks below still hold to what the viewer may see).
          if (res.status >= 300 && !(SHOWN_AGAIN.includes(route) && (res.status === 400 || res.status === 409)))
            expect([where, res.text.includes('MARKER')]).toEqual([where, false]);
          for (const marker of NEVER[role]) expect([where, marker, res.text.includes(marker)]).toEqual([where, marker, false]);
          if (target === 'own') expect([where, res.text.includes('MARKER-B')]).toEqual([where, false]);
          if (target === 'foreign') expect([where, /MARKER-A|INTERNAL-MARKER|PENDING-MARKER/.test(res.text)]).toEqual([where, false]);
          for (const marker of MUST[route]?.[role]?.[target] ?? []) expect([where, marker, res.text.includes(marker)]).toEqual([where, marker, true]);
          // Hidden answers exactly like missing.
          if (res.status === 404 && results.missing?.status === 404) {
            expect([where, comparable(res.text, used[target]!)]).toEqual([where, comparable(results.missing.text, used.missing!)]);
          }
          expect([where, res.status < 500]).toEqual([where, true]);
        }
      }
      observed[route] = got;
      if (!process.env.MATRIX_RECORD) expect(got).toEqual(EXPECTED[route]);
    });
  }
});

/**
 * What holds for every page answer: a page is HTML (or the file asked for); a redirect to the
 * sign-in page happens exactly to an anonymous browser (and at sign-out), and from a page read it
 * comes back to that page afterwards.
 */
function expectPageInvariants(route: string, role: Role, target: Target, call: Call, res: Result): void {
  const where = `${route} as ${role} on ${target}`;
  const type = res.headers.get('content-type') ?? '';
  if (res.status !== 303) {
    const file = ['GET /attachments/:id', 'GET /reports/export', 'GET /reports/annual-pack'].includes(route) && res.status === 200;
    if (!file) expect([where, type]).toEqual([where, 'text/html; charset=utf-8']);
    return;
  }
  const to = res.headers.get('location') ?? '';
  const toSignIn = to === '/login' || to.startsWith('/login?');
  const signedIn: boolean = role !== 'anon';
  expect([where, to, toSignIn]).toEqual([where, to, route === SIGNS_OUT || (!signedIn && !ANONYMOUS_ELSEWHERE.includes(route))]);
  if (!signedIn && call.method === 'GET' && call.path !== '/') expect([where, to]).toEqual([where, `/login?next=${encodeURIComponent(call.path)}`]);
}
