import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { WebClient } from '../support/browser.js';
import { pdfBytes, upload } from '../support/files.js';
import {
  ALL_STATUSES,
  buildCast,
  buildStateFixture,
  FILES,
  isExpertRole,
  MESSAGES,
  modelFor,
  pageCell,
  RULES,
  STATE_ROLES,
  type Cast,
  type Person,
  type StateFixture,
  type StateRole,
} from '../support/route-matrix-states.js';
import { inquiryCan, type Model, type Status, type Who } from '../support/workflow-model.js';
import { SHOWN_AGAIN } from '../support/route-matrix-pages.js';

/**
 * The route matrix by state (the other matrix, route-matrix.e2e.spec.ts, covers every route for
 * own, foreign and missing resources): every route that acts on an inquiry, an assignment or a
 * message, API and page alike, for the requester, a participant, an expert proposed, accepted,
 * done or revoked, and the secretariat, in every status of the inquiry, on assignments of every
 * standing and messages of every clearance. The expected answers come from the rules of
 * test/support/workflow-model.ts; a cell that changed the fixture has it built anew.
 */
interface Request {
  by: Person;
  method: string;
  path: string;
  body?: unknown;
  form?: Record<string, string>;
  multipart?: boolean;
  file?: boolean;
}

interface StateRow {
  /** Variants of the request (a target status, a message, a file), each its own cell. */
  variants: readonly string[];
  request: (f: StateFixture, c: Cast, role: StateRole, variant: string) => Request;
  expected: (m: Model, who: Who, variant: string, role: StateRole) => number;
  /** Whether an answer of success changed what the other cells rely on. */
  changes?: (role: StateRole, variant: string, status: Status) => boolean;
}

const ONE = ['-'] as const;
const own = (c: Cast, role: StateRole): Person =>
  role === 'requester' ? c.requester : role === 'colleague' ? c.colleague : role === 'secretariat' ? c.secretariat : c.experts[role];
const mine = (f: StateFixture, role: StateRole) => (isExpertRole(role) ? f.assignments[role] : f.assignments.accepted);
const MESSAGE_INDEX = Object.fromEntries(MESSAGES.map((k, i) => [k, i])) as Record<string, number>;
const always = () => true;

/** The API's rows; each page twin below sends the same request as a browser would. */
const API: Record<string, StateRow> = {
  'GET /api/v1/inquiries/:id': { variants: ONE, request: (f, c, r) => ({ by: own(c, r), method: 'GET', path: `/api/v1/inquiries/${f.inquiry}` }), expected: RULES.readInquiry },
  'GET /api/v1/inquiries/:id/messages': {
    variants: ONE,
    request: (f, c, r) => ({ by: own(c, r), method: 'GET', path: `/api/v1/inquiries/${f.inquiry}/messages` }),
    expected: RULES.readThread,
  },
  'POST /api/v1/inquiries/:id/messages': {
    variants: ['shared', 'internal'],
    request: (f, c, r, v) => ({ by: own(c, r), method: 'POST', path: `/api/v1/inquiries/${f.inquiry}/messages`, body: { body: 'state matrix', visibility: v } }),
    expected: (m, who, v) => RULES.post(m, who, v as 'shared' | 'internal'),
    // A reply of the requester side hands an inquiry awaiting the requester (or answered) back to the experts.
    changes: (r, _v, s) => (r === 'requester' || r === 'colleague') && (s === 'awaiting-requester' || s === 'answered'),
  },
  'POST /api/v1/inquiries/:id/attachments': {
    variants: ONE,
    request: (f, c, r) => ({ by: own(c, r), method: 'POST', path: `/api/v1/inquiries/${f.inquiry}/attachments`, file: true }),
    expected: RULES.attachToQuery,
  },
  'POST /api/v1/inquiries/:id/participants': {
    variants: ONE,
    request: (f, c, r) => ({ by: own(c, r), method: 'POST', path: `/api/v1/inquiries/${f.inquiry}/participants`, body: { userId: c.colleague2.id } }),
    expected: RULES.share,
    changes: always,
  },
  'DELETE /api/v1/inquiries/:id/participants/:userId': {
    variants: ONE,
    request: (f, c, r) => ({ by: own(c, r), method: 'DELETE', path: `/api/v1/inquiries/${f.inquiry}/participants/${c.colleague.id}` }),
    expected: RULES.removeParticipant,
    changes: always,
  },
  'POST /api/v1/inquiries/:id/transitions': {
    variants: ALL_STATUSES,
    request: (f, c, r, to) => ({
      by: own(c, r),
      method: 'POST',
      path: `/api/v1/inquiries/${f.inquiry}/transitions`,
      body: { to, reason: 'state matrix', ...(r === 'secretariat' && to === 'closed' ? { outcome: 'duplicate' } : {}) },
    }),
    expected: (m, who, to) => RULES.move(m, who, to as Status),
    changes: always,
  },
  'PATCH /api/v1/inquiries/:id': {
    variants: ONE,
    request: (f, c, r) => ({ by: own(c, r), method: 'PATCH', path: `/api/v1/inquiries/${f.inquiry}`, body: { version: f.version, priority: 'high' } }),
    expected: RULES.triage,
    changes: always,
  },
  'POST /api/v1/inquiries/:id/assignments': {
    variants: ONE,
    request: (f, c, r) => ({ by: own(c, r), method: 'POST', path: `/api/v1/inquiries/${f.inquiry}/assignments`, body: { expertId: c.experts.spare.id, role: 'reviewer' } }),
    expected: RULES.propose,
    changes: always,
  },
  'POST /api/v1/assignments/:id/accept': {
    variants: ONE,
    request: (f, c, r) => ({ by: own(c, r), method: 'POST', path: `/api/v1/assignments/${mine(f, r)}/accept`, body: { noConflict: true } }),
    expected: RULES.accept,
    changes: always,
  },
  'POST /api/v1/assignments/:id/decline': {
    variants: ONE,
    request: (f, c, r) => ({ by: own(c, r), method: 'POST', path: `/api/v1/assignments/${mine(f, r)}/decline`, body: { reason: 'state matrix' } }),
    expected: RULES.decline,
    changes: always,
  },
  'POST /api/v1/assignments/:id/complete': {
    variants: ONE,
    request: (f, c, r) => ({ by: own(c, r), method: 'POST', path: `/api/v1/assignments/${mine(f, r)}/complete` }),
    // The API lets the secretariat complete an accepted assignment as well.
    expected: (m, who, _v, r) => (r === 'secretariat' ? 200 : RULES.complete(m, who)),
    changes: always,
  },
  // The secretariat's command, on the assignment of each expert (the requester side tries it on the accepted one's).
  'DELETE /api/v1/assignments/:id': {
    variants: ONE,
    request: (f, c, r) => ({ by: isExpertRole(r) ? c.secretariat : own(c, r), method: 'DELETE', path: `/api/v1/assignments/${mine(f, r)}` }),
    expected: (m, who, _v, r) => (r === 'secretariat' ? 200 : RULES.withdraw(m, who)),
    changes: always,
  },
  'POST /api/v1/messages/:id/attachments': {
    variants: MESSAGES,
    request: (f, c, r, k) => ({ by: own(c, r), method: 'POST', path: `/api/v1/messages/${f.messages[k as keyof StateFixture['messages']]}/attachments`, file: true }),
    expected: (m, who, k) => RULES.attachToMessage(m, who, MESSAGE_INDEX[k]),
  },
  'POST /api/v1/messages/:id/clear': {
    variants: MESSAGES,
    request: (f, c, r, k) => ({ by: own(c, r), method: 'POST', path: `/api/v1/messages/${f.messages[k as keyof StateFixture['messages']]}/clear` }),
    expected: (m, who, k) => RULES.settle(m, who, MESSAGE_INDEX[k]),
    changes: always,
  },
  'POST /api/v1/messages/:id/return': {
    variants: MESSAGES,
    request: (f, c, r, k) => ({
      by: own(c, r),
      method: 'POST',
      path: `/api/v1/messages/${f.messages[k as keyof StateFixture['messages']]}/return`,
      body: { reason: 'state matrix' },
    }),
    expected: (m, who, k) => RULES.settle(m, who, MESSAGE_INDEX[k]),
    changes: always,
  },
  'GET /api/v1/inquiries/:id/links': {
    variants: ONE,
    request: (f, c, r) => ({ by: own(c, r), method: 'GET', path: `/api/v1/inquiries/${f.inquiry}/links` }),
    expected: RULES.readLinks,
  },
  'POST /api/v1/inquiries/:id/publication-consent': {
    variants: ONE,
    request: (f, c, r) => ({ by: own(c, r), method: 'POST', path: `/api/v1/inquiries/${f.inquiry}/publication-consent`, body: { consent: true } }),
    expected: RULES.consent,
    changes: always,
  },
  'GET /api/v1/inquiries/:id/shared-replies': {
    variants: ONE,
    request: (f, c, r) => ({ by: own(c, r), method: 'GET', path: `/api/v1/inquiries/${f.inquiry}/shared-replies` }),
    expected: RULES.readShared,
  },
  'POST /api/v1/inquiries/:id/shared-replies': {
    variants: ONE,
    request: (f, c, r) => ({ by: own(c, r), method: 'POST', path: `/api/v1/inquiries/${f.inquiry}/shared-replies`, body: { messageId: f.primaryReply } }),
    expected: RULES.shareReply,
    changes: always,
  },
  'GET /api/v1/inquiries/:id/joins': {
    variants: ONE,
    request: (f, c, r) => ({ by: own(c, r), method: 'GET', path: `/api/v1/inquiries/${f.inquiry}/joins` }),
    expected: RULES.readJoins,
  },
  'POST /api/v1/inquiries/:id/links/:linkId/join': {
    variants: ONE,
    request: (f, c, r) => ({ by: own(c, r), method: 'POST', path: `/api/v1/inquiries/${f.inquiry}/links/${f.link}/join` }),
    expected: RULES.askToJoin,
    changes: always,
  },
  'GET /api/v1/attachments/:id': {
    variants: FILES,
    request: (f, c, r, k) => ({ by: own(c, r), method: 'GET', path: `/api/v1/attachments/${f.files[k as keyof StateFixture['files']]}` }),
    expected: (m, who, k) => RULES.download(m, who, k as (typeof FILES)[number]),
  },
};

/** Of the page commands shown again (SHOWN_AGAIN), the ones that go back to the expert's assignments (with the refusal) when the query's page is not the viewer's to see. */
const BACK_WHEN_UNSEEN = ['POST /assignments/:id/accept', 'POST /assignments/:id/decline'];

/** The pages' twins: the same request from a browser signed in as the role; the expected answer is the API's, as a page gives it. */
const PAGES: Record<string, StateRow & { roles?: Array<'expert' | 'secretariat' | 'requester'> }> = {
  'GET /inquiries/:id': { ...API['GET /api/v1/inquiries/:id'], request: (f, c, r) => ({ by: own(c, r), method: 'GET', path: `/inquiries/${f.inquiry}` }) },
  'POST /inquiries/:id/messages': {
    ...API['POST /api/v1/inquiries/:id/messages'],
    request: (f, c, r, v) => ({ by: own(c, r), method: 'POST', path: `/inquiries/${f.inquiry}/messages`, form: { body: 'state matrix', visibility: v }, multipart: true }),
  },
  'POST /inquiries/:id/attachments': {
    ...API['POST /api/v1/inquiries/:id/attachments'],
    request: (f, c, r) => ({ by: own(c, r), method: 'POST', path: `/inquiries/${f.inquiry}/attachments`, file: true }),
  },
  'POST /inquiries/:id/participants': {
    ...API['POST /api/v1/inquiries/:id/participants'],
    request: (f, c, r) => ({ by: own(c, r), method: 'POST', path: `/inquiries/${f.inquiry}/participants`, form: { userId: c.colleague2.id } }),
  },
  'POST /inquiries/:id/participants/:userId/remove': {
    ...API['DELETE /api/v1/inquiries/:id/participants/:userId'],
    request: (f, c, r) => ({ by: own(c, r), method: 'POST', path: `/inquiries/${f.inquiry}/participants/${c.colleague.id}/remove`, form: {} }),
  },
  'POST /inquiries/:id/transitions': {
    ...API['POST /api/v1/inquiries/:id/transitions'],
    request: (f, c, r, to) => ({
      by: own(c, r),
      method: 'POST',
      path: `/inquiries/${f.inquiry}/transitions`,
      form: { to, reason: 'state matrix', confirm: 'yes', ...(r === 'secretariat' && to === 'closed' ? { outcome: 'duplicate' } : {}) },
    }),
  },
  'POST /inquiries/:id/triage': {
    ...API['PATCH /api/v1/inquiries/:id'],
    request: (f, c, r) => ({ by: own(c, r), method: 'POST', path: `/inquiries/${f.inquiry}/triage`, form: { version: String(f.version), priority: 'high' } }),
  },
  'POST /inquiries/:id/assignments': {
    ...API['POST /api/v1/inquiries/:id/assignments'],
    request: (f, c, r) => ({ by: own(c, r), method: 'POST', path: `/inquiries/${f.inquiry}/assignments`, form: { expertId: c.experts.spare.id, role: 'reviewer' } }),
  },
  'POST /assignments/:id/accept': {
    ...API['POST /api/v1/assignments/:id/accept'],
    request: (f, c, r) => ({ by: own(c, r), method: 'POST', path: `/assignments/${mine(f, r)}/accept`, form: { noConflict: 'true' } }),
  },
  'POST /assignments/:id/decline': {
    ...API['POST /api/v1/assignments/:id/decline'],
    request: (f, c, r) => ({ by: own(c, r), method: 'POST', path: `/assignments/${mine(f, r)}/decline`, form: { reason: 'state matrix' } }),
  },
  // The page is the expert's alone (403 for the secretariat, which completes through the API).
  'POST /assignments/:id/complete': {
    ...API['POST /api/v1/assignments/:id/complete'],
    request: (f, c, r) => ({ by: own(c, r), method: 'POST', path: `/assignments/${mine(f, r)}/complete`, form: {} }),
    expected: RULES.complete,
  },
  'POST /assignments/:id/withdraw': {
    ...API['DELETE /api/v1/assignments/:id'],
    request: (f, c, r) => ({ by: isExpertRole(r) ? c.secretariat : own(c, r), method: 'POST', path: `/assignments/${mine(f, r)}/withdraw`, form: {} }),
  },
  'POST /messages/:id/clear': {
    ...API['POST /api/v1/messages/:id/clear'],
    request: (f, c, r, k) => ({ by: own(c, r), method: 'POST', path: `/messages/${f.messages[k as keyof StateFixture['messages']]}/clear`, form: {} }),
  },
  'POST /messages/:id/return': {
    ...API['POST /api/v1/messages/:id/return'],
    request: (f, c, r, k) => ({ by: own(c, r), method: 'POST', path: `/messages/${f.messages[k as keyof StateFixture['messages']]}/return`, form: { reason: 'state matrix' } }),
  },
  'POST /inquiries/:id/shared-replies': {
    ...API['POST /api/v1/inquiries/:id/shared-replies'],
    request: (f, c, r) => ({ by: own(c, r), method: 'POST', path: `/inquiries/${f.inquiry}/shared-replies`, form: { messageId: f.primaryReply } }),
  },
  'POST /inquiries/:id/links/:linkId/join': {
    ...API['POST /api/v1/inquiries/:id/links/:linkId/join'],
    request: (f, c, r) => ({ by: own(c, r), method: 'POST', path: `/inquiries/${f.inquiry}/links/${f.link}/join`, form: {} }),
  },
  'GET /attachments/:id': {
    ...API['GET /api/v1/attachments/:id'],
    request: (f, c, r, k) => ({ by: own(c, r), method: 'GET', path: `/attachments/${f.files[k as keyof StateFixture['files']]}` }),
  },
};

describe('the access matrix by state: every inquiry, assignment and message route, every person on the inquiry, every state', () => {
  let t: TestApp;
  let c: Cast;
  const browsers = new Map<string, { client: WebClient; csrf: string }>();

  beforeAll(async () => {
    t = await startApp({ RATE_LIMIT_PER_MINUTE: '0' });
    c = await buildCast(t);
    for (const p of [c.secretariat, c.requester, c.colleague, ...Object.values(c.experts)]) {
      const client = new WebClient(t.url);
      await client.signIn(p.email, p.password);
      await client.get('/account');
      browsers.set(p.id, { client, csrf: client.csrf() });
    }
  }, 120_000);
  afterAll(() => t.close());

  async function send(req: Request): Promise<{ status: number; flash?: string; text: string; body: unknown }> {
    if (req.path.startsWith('/api/')) {
      const res = req.file
        ? await upload(t.http, req.path, req.by.token, { name: 'm.pdf', bytes: pdfBytes('m') })
        : await t.http.request(req.method, req.path, { token: req.by.token, body: req.body });
      return { status: res.status, text: res.text, body: res.body };
    }
    const b = browsers.get(req.by.id)!;
    const res =
      req.method === 'GET'
        ? await b.client.get(req.path)
        : req.multipart || req.file
          ? await b.client.postMultipart(req.path, req.form ?? {}, { csrf: b.csrf, file: req.file ? { name: 'm.pdf', bytes: pdfBytes('m') } : undefined })
          : await b.client.post(req.path, req.form ?? {}, { csrf: b.csrf });
    const line = res.headers.getSetCookie().find((l) => l.startsWith('cti-flash=') && !l.startsWith('cti-flash=;'));
    b.client.cookies.delete('cti-flash');
    const flash = line ? (JSON.parse(Buffer.from(line.slice('cti-flash='.length).split(';')[0], 'base64url').toString('utf8')) as { kind: string; key: string }) : undefined;
    const status = res.status === 303 && flash?.kind === 'error' ? `303(${flash.key.replace(/^error\./, '')})` : String(res.status);
    return { status: status as unknown as number, text: res.html, body: undefined };
  }

  for (const status of ALL_STATUSES) {
    describe(`the inquiry ${status}`, () => {
      let fixture: StateFixture | null = null;
      const fresh = async () => (fixture ??= await buildStateFixture(t, c, status));

      for (const [route, row] of [...Object.entries(API), ...Object.entries(PAGES)]) {
        const isPage = !route.split(' ')[1].startsWith('/api/');
        it(`${route}`, async () => {
          const mismatches: string[] = [];
          for (const variant of row.variants) {
            for (const role of STATE_ROLES) {
              const f = await fresh();
              const { m, who } = modelFor(status, role);
              const req = row.request(f, c, role, variant);
              const want = row.expected(m, who, variant, role);
              const got = await send(req);
              const seen = SHOWN_AGAIN.includes(route) ? PAGES['GET /inquiries/:id'].expected(m, who, '-', role) : undefined;
              // An answer to a proposal whose query the expert may no longer see goes back to the expert's assignments with the refusal.
              const page = seen !== 200 && BACK_WHEN_UNSEEN.includes(route) ? undefined : seen;
              const expected = isPage ? pageCell(want, req.method, page) : String(want);
              if (String(got.status) !== expected) mismatches.push(`${role}${variant === '-' ? '' : ` ${variant}`}: got ${got.status}, the rules say ${expected}`);
              if (Number.parseInt(String(got.status), 10) >= 500) mismatches.push(`${role} ${variant}: a 5xx`);
              // What the service says may be done agrees with the rules, on the inquiry as on the page.
              if (route === 'GET /api/v1/inquiries/:id' && want === 200) {
                const can = (got.body as { viewerCan: { transitions: { to: string }[] } }).viewerCan;
                const seen = JSON.stringify({ ...can, transitions: can.transitions.map((x) => x.to) });
                if (seen !== JSON.stringify(inquiryCan(m, who))) mismatches.push(`${role}: viewerCan ${seen}, the rules ${JSON.stringify(inquiryCan(m, who))}`);
              }
              if (route === 'GET /inquiries/:id' && want === 200 && m.status === status) {
                const can = inquiryCan(m, who);
                const offered = { post: got.text.includes(`action="/inquiries/${f.inquiry}/messages`), attach: got.text.includes(`action="/inquiries/${f.inquiry}/attachments`) };
                if (offered.post !== can.postShared || offered.attach !== can.attachFiles)
                  mismatches.push(`${role}: the page offers ${JSON.stringify(offered)}, the rules ${JSON.stringify({ post: can.postShared, attach: can.attachFiles })}`);
              }
              const worked = Number.parseInt(String(got.status), 10) < 300 || String(got.status) === '303';
              if (worked && req.method !== 'GET' && row.changes?.(role, variant, status)) fixture = null;
            }
          }
          expect(mismatches).toEqual([]);
        }, 120_000);
      }
    });
  }
});
