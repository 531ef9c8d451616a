import { createOrganization, createUser, loginAdmin } from './actors.js';
import type { TestApp } from './app.js';
import { pdfBytes, upload } from './files.js';
import type { HttpResult } from './http.js';
import {
  allowedMoves,
  initialModel,
  isOpen,
  mayAccept,
  mayAttachToMessage,
  mayComplete,
  mayDecline,
  maySettle,
  mayWithdraw,
  mover,
  poster,
  STATUSES,
  thread,
  view,
  type Model,
  type Msg,
  type Standing,
  type Status,
  type Who,
} from './workflow-model.js';

/**
 * The access matrix by state: every route that acts on an inquiry, an assignment or a message
 * (API and pages), for every kind of person on the inquiry, in every status of the inquiry, on an
 * assignment of every standing and on a message of every clearance. The expected answer of each
 * cell comes from the rules of test/support/workflow-model.ts (written from API.md, DESIGN.md and
 * issue 15), not from the code. The runner is test/e2e/route-matrix-states.e2e.spec.ts.
 */
export const STATE_ROLES = ['requester', 'colleague', 'proposed', 'accepted', 'completed', 'revoked', 'secretariat'] as const;
export type StateRole = (typeof STATE_ROLES)[number];
export type ExpertRole = 'proposed' | 'accepted' | 'completed' | 'revoked';
const EXPERT_ROLES: ExpertRole[] = ['proposed', 'accepted', 'completed', 'revoked'];
export const isExpertRole = (r: StateRole): r is ExpertRole => (EXPERT_ROLES as string[]).includes(r);

/** The messages of every fixture: an accepted expert's replies in each clearance state, its internal note, the requester's message. */
export const MESSAGES = ['pending', 'cleared', 'returned', 'note', 'requesters'] as const;
export type MessageKey = (typeof MESSAGES)[number];
/** The files: of the query, on the pending reply, on the cleared reply. */
export const FILES = ['query', 'onPending', 'onCleared'] as const;
export type FileKey = (typeof FILES)[number];

export interface Cast {
  admin: string;
  secretariat: Person;
  requester: Person;
  colleague: Person;
  /** Another requester of the organisation, never shared with: the target of sharing. */
  colleague2: Person;
  experts: Record<ExpertRole | 'helper' | 'spare', Person>;
}

export interface Person {
  id: string;
  email: string;
  password: string;
  token: string;
}

/** One inquiry brought to a status, with one assignment of every standing and every kind of message. */
export interface StateFixture {
  status: Status;
  inquiry: string;
  version: number;
  assignments: Record<ExpertRole, string>;
  messages: Record<MessageKey, string>;
  files: Record<FileKey, string>;
  /** The inquiry is a duplicate (issue 21) of a primary filed by another requester of its State, which has a cleared expert reply. */
  link: string;
  primaryReply: string;
}

export async function buildCast(t: TestApp): Promise<Cast> {
  const admin = await loginAdmin(t);
  const org = (await createOrganization(t, admin, 'XA')).id;
  const person = (role: 'requester' | 'expert' | 'secretariat') => createUser(t, admin, { role, organizationId: role === 'requester' ? org : undefined });
  return {
    admin,
    secretariat: await person('secretariat'),
    requester: await person('requester'),
    colleague: await person('requester'),
    colleague2: await person('requester'),
    experts: {
      proposed: await person('expert'),
      accepted: await person('expert'),
      completed: await person('expert'),
      revoked: await person('expert'),
      helper: await person('expert'),
      spare: await person('expert'),
    },
  };
}

function ok(res: HttpResult, what: string): HttpResult {
  if (res.status >= 300) throw new Error(`fixture: ${what} answered ${res.status} ${res.text.slice(0, 200)}`);
  return res;
}

/** Builds the fixture through the API, as people would: filed, shared, assigned, discussed, then moved to `status`. */
export async function buildStateFixture(t: TestApp, c: Cast, status: Status): Promise<StateFixture> {
  const h = t.http;
  const s = c.secretariat.token;
  const R = c.requester.token;
  const inquiry = ok(
    await h.post('/api/v1/inquiries', { subject: `STATE-MARKER ${status}`, body: 'body', topics: ['police-custody-safeguards'], language: 'en', publicationConsent: true }, R),
    'file',
  ).body.id as string;
  const files = { query: ok(await upload(h, `/api/v1/inquiries/${inquiry}/attachments`, R, { name: 'q.pdf', bytes: pdfBytes('q') }), 'query file').body.id } as Record<
    FileKey,
    string
  >;
  ok(await h.post(`/api/v1/inquiries/${inquiry}/participants`, { userId: c.colleague.id }, R), 'share');
  const assignments = {} as Record<ExpertRole, string>;
  for (const role of EXPERT_ROLES) {
    assignments[role] = ok(await h.post(`/api/v1/inquiries/${inquiry}/assignments`, { expertId: c.experts[role].id, role: 'reviewer' }, s), `propose ${role}`).body.id;
  }
  for (const role of ['accepted', 'completed', 'revoked'] as const)
    ok(await h.post(`/api/v1/assignments/${assignments[role]}/accept`, { noConflict: true }, c.experts[role].token), `accept ${role}`);
  const E = c.experts.accepted.token;
  const post = async (token: string, body: string, visibility = 'shared') =>
    ok(await h.post(`/api/v1/inquiries/${inquiry}/messages`, { body, visibility }, token), 'post').body.id as string;
  const messages = {
    pending: await post(E, 'PENDING reply'),
    cleared: await post(E, 'CLEARED reply'),
    returned: await post(E, 'RETURNED reply'),
    note: await post(E, 'INTERNAL note', 'internal'),
    requesters: await post(R, 'REQUESTER message'),
  };
  files.onPending = ok(await upload(h, `/api/v1/messages/${messages.pending}/attachments`, E, { name: 'p.pdf', bytes: pdfBytes('p') }), 'file on pending').body.id;
  files.onCleared = ok(await upload(h, `/api/v1/messages/${messages.cleared}/attachments`, E, { name: 'c.pdf', bytes: pdfBytes('c') }), 'file on cleared').body.id;
  ok(await h.post(`/api/v1/messages/${messages.cleared}/clear`, {}, s), 'clear');
  ok(await h.post(`/api/v1/messages/${messages.returned}/return`, { reason: 'redo' }, s), 'return');
  ok(await h.post(`/api/v1/assignments/${assignments.completed}/complete`, {}, c.experts.completed.token), 'complete');
  ok(await h.delete(`/api/v1/assignments/${assignments.revoked}`, s), 'revoke');
  // A primary of the same State (another requester of the organisation) with a cleared expert reply; the inquiry is its duplicate.
  const primary = ok(await h.post('/api/v1/inquiries', { subject: 'PRIMARY', body: 'body', topics: ['police-custody-safeguards'], language: 'en' }, c.colleague2.token), 'primary')
    .body.id as string;
  ok(await h.post(`/api/v1/inquiries/${primary}/transitions`, { to: 'triaged' }, s), 'triage primary');
  const onPrimary = ok(await h.post(`/api/v1/inquiries/${primary}/assignments`, { expertId: c.experts.spare.id, role: 'lead' }, s), 'propose on primary').body.id;
  ok(await h.post(`/api/v1/assignments/${onPrimary}/accept`, { noConflict: true }, c.experts.spare.token), 'accept on primary');
  const primaryReply = ok(await h.post(`/api/v1/inquiries/${primary}/messages`, { body: 'PRIMARY reply' }, c.experts.spare.token), 'primary reply').body.id as string;
  ok(await h.post(`/api/v1/messages/${primaryReply}/clear`, {}, s), 'clear primary reply');
  const link = ok(await h.post(`/api/v1/inquiries/${inquiry}/links`, { inquiryId: primary, kind: 'duplicate', reason: 'state matrix' }, s), 'link').body.id as string;
  const move = async (to: string, token = s, extra: Record<string, string> = {}) =>
    ok(await h.post(`/api/v1/inquiries/${inquiry}/transitions`, { to, ...extra }, token), `move to ${to}`);
  if (status !== 'submitted') await move('triaged');
  if (!['submitted', 'triaged'].includes(status)) {
    const helper = ok(await h.post(`/api/v1/inquiries/${inquiry}/assignments`, { expertId: c.experts.helper.id, role: 'lead' }, s), 'propose helper').body.id;
    ok(await h.post(`/api/v1/assignments/${helper}/accept`, { noConflict: true }, c.experts.helper.token), 'helper accepts');
  }
  if (status === 'awaiting-requester' || status === 'answered') await move(status, E);
  if (status === 'closed') await move('closed', s, { outcome: 'duplicate', reason: 'state matrix' });
  if (status === 'withdrawn') await move('withdrawn', R);
  const read = ok(await h.get(`/api/v1/inquiries/${inquiry}`, s), 'read').body;
  if (read.status !== status) throw new Error(`fixture: the inquiry is ${read.status}, not ${status}`);
  return { status, inquiry, version: read.version, assignments, messages, files, link, primaryReply };
}

/** The model of the fixture as one person sees it: the rules then say what that person may do. */
export function modelFor(status: Status, role: StateRole): { m: Model; who: Who } {
  const ended = status === 'closed' || status === 'withdrawn';
  const standing: Record<StateRole, Standing> = {
    requester: 'none',
    colleague: 'none',
    secretariat: 'none',
    // Closing or withdrawing the inquiry withdrew the proposal still open.
    proposed: ended ? 'withdrawn' : 'proposed',
    accepted: 'accepted',
    completed: 'completed',
    revoked: 'withdrawn',
  };
  const expertBy: Msg['by'] = role === 'accepted' ? 'expert' : 'another';
  const messages: Msg[] = [
    { by: expertBy, author: 'expert', visibility: 'shared', clearance: 'pending', parent: null },
    { by: expertBy, author: 'expert', visibility: 'shared', clearance: 'cleared', parent: null },
    { by: expertBy, author: 'expert', visibility: 'shared', clearance: 'returned', parent: null },
    { by: expertBy, author: 'expert', visibility: 'internal', clearance: null, parent: null },
    { by: 'requester', author: 'requester', visibility: 'shared', clearance: null, parent: null },
  ];
  const who: Who = isExpertRole(role) ? 'expert' : role;
  return { m: { ...initialModel(), status, standing: standing[role], shared: true, messages }, who };
}

/** The API's answer the rules give, for each kind of request. */
export const RULES = {
  readInquiry: (m: Model, who: Who) => (view(m, who) === 'none' ? 404 : 200),
  readThread: (m: Model, who: Who) => {
    const th = thread(m, who);
    return th === 'hidden' ? 404 : th === 'forbidden' ? 403 : 200;
  },
  post: (m: Model, who: Who, visibility: 'shared' | 'internal') => {
    const role = poster(m, who);
    return view(m, who) === 'none' ? 404 : !role || (role === 'requester' && visibility === 'internal') ? 403 : !isOpen(m) ? 409 : 201;
  },
  /** Routes for the requester side and the secretariat only: an expert is refused by its role (403) first. */
  requesterOrSecretariat: (m: Model, who: Who, then: () => number) => (who === 'expert' ? 403 : view(m, who) === 'none' ? 404 : who === 'colleague' ? 403 : then()),
  attachToQuery: (m: Model, who: Who) => RULES.requesterOrSecretariat(m, who, () => (isOpen(m) ? 201 : 409)),
  share: (m: Model, who: Who) => RULES.requesterOrSecretariat(m, who, () => (isOpen(m) ? 201 : 409)),
  removeParticipant: (m: Model, who: Who) => RULES.requesterOrSecretariat(m, who, () => 204),
  move: (m: Model, who: Who, to: Status) => {
    const as = mover(m, who);
    return view(m, who) === 'none' ? 404 : !as ? 403 : allowedMoves(m, as).includes(to) ? 200 : 409;
  },
  triage: (_m: Model, who: Who) => (who === 'secretariat' ? 200 : 403),
  propose: (m: Model, who: Who) => (who !== 'secretariat' ? 403 : isOpen(m) ? 201 : 409),
  /** The expert on its own assignment; anyone else is refused by role. */
  accept: (m: Model, who: Who) => (who !== 'expert' ? 403 : mayAccept(m) ? 200 : 409),
  decline: (m: Model, who: Who) => (who !== 'expert' ? 403 : mayDecline(m) ? 200 : 409),
  complete: (m: Model, who: Who) => (who !== 'expert' ? 403 : mayComplete(m) ? 200 : 409),
  /** The secretariat on the expert's assignment (for the expert roles); others on the accepted one: refused by role. */
  withdraw: (m: Model, who: Who) => (who !== 'expert' ? 403 : mayWithdraw(m) ? 200 : 409),
  attachToMessage: (m: Model, who: Who, i: number) => {
    const seen = thread(m, who);
    if (!Array.isArray(seen) || !seen.includes(i)) return 404;
    const msg = m.messages[i];
    if (msg.by !== who || !poster(m, who)) return 403;
    return !isOpen(m) ? 409 : mayAttachToMessage(m, who, i) ? 201 : 409;
  },
  settle: (m: Model, who: Who, i: number) => (who !== 'secretariat' ? 403 : maySettle(m, who, i) ? 200 : 409),
  /**
   * The requester's answer to the question of anonymised reuse (it consented at intake): put when
   * the inquiry is closed, answered by the requester who filed it alone (issue 21).
   */
  consent: (m: Model, who: Who) =>
    who === 'expert' || who === 'secretariat' ? 403 : view(m, who) === 'none' ? 404 : who === 'colleague' ? 403 : m.status === 'closed' ? 200 : 409,
  /** Links between inquiries: the secretariat, and experts who see the inquiry in full (issue 21); requesters are refused by role. */
  readLinks: (m: Model, who: Who) => (who === 'requester' || who === 'colleague' ? 403 : view(m, who) === 'none' ? 404 : view(m, who) === 'summary' ? 403 : 200),
  /** Duplicates (issue 21): the replies shared with the inquiry, for whoever reads its thread. */
  readShared: (m: Model, who: Who) => RULES.readThread(m, who),
  /** The secretariat shares the primary's cleared reply with its open duplicate; nothing more once it is closed or withdrawn. */
  shareReply: (m: Model, who: Who) => (who !== 'secretariat' ? 403 : isOpen(m) ? 201 : 409),
  /** The question to join: the requester side and the secretariat read it (none asked: an empty list); experts are refused by role. */
  readJoins: (m: Model, who: Who) => (who === 'expert' ? 403 : view(m, who) === 'none' ? 404 : 200),
  /** The secretariat asks both requesters while both inquiries are open (the primary stays open). */
  askToJoin: (m: Model, who: Who) => (who !== 'secretariat' ? 403 : isOpen(m) ? 201 : 409),
  download: (m: Model, who: Who, file: FileKey) => {
    if (file === 'query') return view(m, who) === 'full' ? 200 : 404;
    const seen = thread(m, who);
    return Array.isArray(seen) && seen.includes(file === 'onPending' ? 0 : 1) ? 200 : 404;
  },
};

/**
 * A page's answer for the API's: a command that worked or was refused as a conflict goes back with
 * a message; 403 and 404 are pages. A form that shows its page again when refused (`page`: what
 * the viewer gets for that page) answers with the refusal's status on the page, or with the page's
 * own 404 or 403 when the viewer may not see it.
 */
export function pageCell(api: number, method: string, page?: number): string {
  if (method === 'GET') return String(api);
  if (api < 300) return '303';
  if (api !== 400 && api !== 409) return String(api);
  if (page === undefined) return `303(${api})`;
  return page === 200 ? String(api) : String(page);
}

export const ALL_STATUSES: readonly Status[] = STATUSES;
