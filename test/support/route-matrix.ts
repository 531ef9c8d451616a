import { randomUUID } from 'node:crypto';
import { createUser } from './actors.js';
import type { TestApp } from './app.js';
import { pdfBytes, upload } from './files.js';
import type { Role } from './route-matrix-expected.js';
import { buildWorld, fileInquiry, type Actor, type World } from './world.js';

/**
 * What the rows of the access matrix share: the fixtures every row (API and page alike) is run
 * against, and the shape of a row. The rows are in route-matrix-api.ts and route-matrix-pages.ts,
 * their expected statuses in route-matrix-expected.ts, the runner in test/e2e/route-matrix.e2e.spec.ts.
 */
export type Target = 'own' | 'foreign' | 'missing' | 'any';

export type SignedInRole = Exclude<Role, 'anon'>;

export interface Fixtures {
  w: World;
  /** Every signed-in role's account, with the password its pages sign in with. */
  actors: Record<SignedInRole, Actor & { password: string }>;
  assigned: Actor;
  other: Actor;
  inq: { own: string; foreign: string };
  assignment: { own: string; foreign: string; spare: string };
  message: { own: string; foreign: string; spare: string; requesters: string };
  attachment: { own: string; foreign: string };
  notification: { own: string; foreign: string };
  user: { own: string; foreign: string };
  org: { own: string; foreign: string };
  profile: { own: string; foreign: string };
  /** Knowledge entries: own is published (approved by the secretariat role), foreign a draft; both drafted by the admin. */
  entry: { own: string; foreign: string };
  /** A related link between own and foreign (links are the secretariat's): no question to join can be put on it. */
  link: string;
}

/**
 * One request. A path outside /api/ and /health is a page: it is sent with the role's session
 * cookie, and a POST with the session's form token, as a browser would.
 */
export interface Call {
  method: string;
  path: string;
  /** The JSON body (API). */
  body?: unknown;
  /** The form fields (pages): url-encoded, or multipart when `multipart` or `file`. */
  form?: Record<string, string | string[]>;
  multipart?: boolean;
  /** A PDF goes with it (API: a multipart upload; pages: in the multipart form). */
  file?: boolean;
  /** A session of the caller's own, for a request that ends it (logout). */
  fresh?: boolean;
}

/** One row per route: the request, by target. */
export interface Row {
  targets: Target[];
  call: (id: (t: Target) => string, f: Fixtures, role: Role) => Call;
  ids?: (f: Fixtures) => (t: Target) => string;
  /**
   * Changes what the fixtures hold (clears a reply, ends an assignment...): run after every row
   * that only reads them, so that each row meets the same world whatever the order of the table.
   */
  mutates?: true;
}

export const ofm: Target[] = ['own', 'foreign', 'missing'];
export const any: Target[] = ['any'];
export const pick = (f: { own: string; foreign: string }) => (t: Target) => (t === 'own' ? f.own : t === 'foreign' ? f.foreign : randomUUID());

export const isPage = (path: string) => !path.startsWith('/api/') && path !== '/health';

/** What each role must never read, whatever the route. */
export const NEVER: Record<Role, string[]> = {
  anon: ['MARKER'],
  requester: ['MARKER-B', 'INTERNAL-MARKER', 'PENDING-MARKER'],
  colleague: ['MARKER'],
  foreigner: ['MARKER-A', 'INTERNAL-MARKER'],
  expert: ['MARKER'],
  assigned: ['MARKER-B'],
  secretariat: [],
  observer: ['MARKER'],
};

/** What must be there: (route, role, target) → markers. */
export type Must = Record<string, Partial<Record<Role, Partial<Record<Target, string[]>>>>>;

/**
 * Org A's inquiry (own) with an accepted expert, an internal note, two pending replies, a
 * requester's reply and a file; org B's (foreign) with a proposed expert, a secretariat message and
 * a file. Every confidential text carries a marker the rows look for.
 */
export async function buildMatrixFixtures(t: TestApp): Promise<Fixtures> {
  const w = await buildWorld(t);
  const [assigned, other] = [await createUser(t, w.admin, { role: 'expert' }), await createUser(t, w.admin, { role: 'expert' })];
  const observer = await createUser(t, w.admin, { role: 'observer' });
  // The secretariat of the matrix heads it: it exports reports.
  await t.http.patch(`/api/v1/users/${w.secretariat.id}`, { headOfSecretariat: true }, w.admin);
  const own = (await fileInquiry(t, w.requester.token, { subject: 'MARKER-A subject', body: 'MARKER-A body' })).id as string;
  const foreign = (await fileInquiry(t, w.foreigner.token, { subject: 'MARKER-B subject', body: 'MARKER-B body' })).id as string;
  const s = w.secretariat.token;
  for (const id of [own, foreign]) await t.http.post(`/api/v1/inquiries/${id}/transitions`, { to: 'triaged' }, s);
  const aOwn = (await t.http.post(`/api/v1/inquiries/${own}/assignments`, { expertId: assigned.id, role: 'lead' }, s)).body.id;
  await t.http.post(`/api/v1/assignments/${aOwn}/accept`, { noConflict: true }, assigned.token);
  const aForeign = (await t.http.post(`/api/v1/inquiries/${foreign}/assignments`, { expertId: other.id, role: 'lead' }, s)).body.id;
  const aSpare = (await t.http.post(`/api/v1/inquiries/${own}/assignments`, { expertId: other.id, role: 'reviewer' }, s)).body.id;
  const post = async (inq: string, token: string, body: string, visibility = 'shared') =>
    (await t.http.post(`/api/v1/inquiries/${inq}/messages`, { body, visibility }, token)).body.id as string;
  await post(own, assigned.token, 'INTERNAL-MARKER reasoning', 'internal');
  const pending = await post(own, assigned.token, 'PENDING-MARKER advice');
  const spare = await post(own, assigned.token, 'PENDING-MARKER second draft');
  const requesters = await post(own, w.requester.token, 'MARKER-A-REQUESTER reply');
  const mForeign = await post(foreign, s, 'MARKER-B secretariat note');
  const attOwn = (await upload(t.http, `/api/v1/inquiries/${own}/attachments`, w.requester.token, { name: 'a.pdf', bytes: pdfBytes('MARKER-A-FILE') })).body.id;
  const attForeign = (await upload(t.http, `/api/v1/inquiries/${foreign}/attachments`, w.foreigner.token, { name: 'b.pdf', bytes: pdfBytes('MARKER-B-FILE') })).body.id;
  const entry = await knowledgeEntries(t, w);
  const link = (await t.http.post(`/api/v1/inquiries/${own}/links`, { inquiryId: foreign, kind: 'related', reason: 'Matrix related' }, s)).body.id as string;
  await t.notify();
  const firstNotification = async (token: string) => (await t.http.get('/api/v1/notifications', token)).body.items[0].id as string;
  // createUser returns each account's password; World's type does not carry it.
  const withPassword = (a: Actor) => a as Actor & { password: string };
  return {
    w,
    actors: {
      requester: withPassword(w.requester),
      colleague: withPassword(w.colleague),
      foreigner: withPassword(w.foreigner),
      expert: withPassword(w.expert),
      assigned: withPassword(assigned),
      secretariat: withPassword(w.secretariat),
      observer: withPassword(observer),
    },
    assigned,
    other,
    inq: { own, foreign },
    assignment: { own: aOwn, foreign: aForeign, spare: aSpare },
    message: { own: pending, foreign: mForeign, spare, requesters },
    attachment: { own: attOwn, foreign: attForeign },
    notification: { own: await firstNotification(w.requester.token), foreign: await firstNotification(w.foreigner.token) },
    user: { own: w.requester.id, foreign: w.foreigner.id },
    org: { own: w.orgA, foreign: w.orgB },
    profile: { own: assigned.id, foreign: other.id },
    entry,
    link,
  };
}

/** A closed inquiry of org A whose requester consented twice; from it, one entry published and one draft. */
async function knowledgeEntries(t: TestApp, w: World): Promise<{ own: string; foreign: string }> {
  const ok = async (res: Promise<{ status: number; text: string; body: any }>) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`knowledge fixture: ${r.status} ${r.text}`);
    return r.body;
  };
  const source = (await fileInquiry(t, w.requester.token, { subject: 'Knowledge source', body: 'Knowledge source body', publicationConsent: true })).id as string;
  await ok(t.http.post(`/api/v1/inquiries/${source}/transitions`, { to: 'closed', outcome: 'advice-provided', reason: 'matrix' }, w.secretariat.token));
  await ok(t.http.post(`/api/v1/inquiries/${source}/publication-consent`, { consent: true }, w.requester.token));
  const draft = (body: string) =>
    ok(
      t.http.post(
        '/api/v1/knowledge',
        { sourceInquiryId: source, topics: ['police-custody-safeguards'], texts: [{ language: 'en', question: 'Knowledge question', answer: body }] },
        w.admin,
      ),
    );
  const published = await draft('Knowledge answer');
  const checklist = { state: true, institution: true, names: true, dates: true, citations: true, otherIdentifiers: true };
  await ok(t.http.post(`/api/v1/knowledge/${published.id}/submit`, { version: 1, checklist }, w.admin));
  await ok(t.http.post(`/api/v1/knowledge/${published.id}/approve`, { version: 2 }, w.secretariat.token));
  return { own: published.id, foreign: (await draft('Knowledge draft answer')).id };
}
