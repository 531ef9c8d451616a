import { randomUUID } from 'node:crypto';
import { any, ofm, pick, type Call, type Fixtures, type Must, type Row, type Target } from './route-matrix.js';

/**
 * The matrix's rows for the server-rendered pages: one per page route the application declares.
 * The forms carry what the API rows' bodies carry, so that a page and its API twin meet the same
 * refusals (a version that is stale, an expert already assigned...) and change nothing that the
 * other rows rely on.
 */
const get = (path: string): Call => ({ method: 'GET', path });
const post = (path: string, form: Record<string, string | string[]> = {}, more: Partial<Call> = {}): Call => ({ method: 'POST', path, form, ...more });
/** Own / foreign / missing taken from one pair of the fixtures. */
type PairKey = { [K in keyof Fixtures]: Fixtures[K] extends { own: string; foreign: string } ? K : never }[keyof Fixtures];
const on = (key: PairKey) => ({ targets: ofm, ids: (f: Fixtures) => pick(f[key]) });
/** A link id that names nothing, the same on every target (a page's own path is in its links). */
const NO_LINK = randomUUID();
const profileForm = { topics: 'police-custody-safeguards', languages: 'en', maxActive: '5', available: 'on' };

export const PAGE_ROWS: Record<string, Row> = {
  'GET /': { targets: any, call: () => get('/') },
  'GET /login': { targets: any, call: () => get('/login') },
  'POST /login': { targets: any, call: () => post('/login', { email: `nobody.${randomUUID()}@example.org`, password: 'not a real password' }) },
  'POST /logout': { targets: any, call: () => post('/logout', {}, { fresh: true }) },
  'GET /invitations/:token': { targets: any, call: () => get(`/invitations/${'x'.repeat(43)}`) },
  'POST /invitations/:token': {
    targets: any,
    call: () => post(`/invitations/${'x'.repeat(43)}`, { password: 'a long enough passphrase 42', confirm: 'a long enough passphrase 42' }),
  },
  'GET /password-reset': { targets: any, call: () => get('/password-reset') },
  'POST /password-reset': { targets: any, call: () => post('/password-reset', { email: `nobody.${randomUUID()}@example.org` }) },
  'GET /password-reset/:token': { targets: any, call: () => get(`/password-reset/${'x'.repeat(43)}`) },
  'POST /password-reset/:token': {
    targets: any,
    call: () => post(`/password-reset/${'x'.repeat(43)}`, { password: 'a long enough passphrase 42', confirm: 'a long enough passphrase 42' }),
  },
  'POST /account/recovery-codes': { targets: any, call: () => post('/account/recovery-codes', { currentPassword: 'wrong wrong wrong', code: '000000' }) },
  'GET /account/mfa': { targets: any, call: () => get('/account/mfa') },
  'POST /account/mfa': { targets: any, call: () => post('/account/mfa', { code: '000000' }) },
  // Without a second factor enrolled there is nothing to replace: the page starts a first enrolment.
  'POST /account/mfa/replace': { targets: any, call: () => post('/account/mfa/replace', { currentPassword: 'wrong wrong wrong', code: '000000' }) },
  'GET /account': { targets: any, call: () => get('/account') },
  'POST /account/password': {
    targets: any,
    call: () => post('/account/password', { currentPassword: 'wrong wrong wrong', newPassword: 'another long passphrase 77', confirm: 'another long passphrase 77' }),
  },
  'POST /account/notifications': { targets: any, call: () => post('/account/notifications', { email: 'immediate' }) },
  'POST /language': { targets: any, call: () => post('/language', { lang: 'en', back: '/account' }) },

  'GET /inquiries': { targets: any, call: () => get('/inquiries') },
  'GET /inquiries/new': { targets: any, call: () => get('/inquiries/new') },
  'POST /inquiries': {
    targets: any,
    call: () => post('/inquiries', { subject: 'Matrix filing', body: 'Matrix body', primaryTopic: 'police-custody-safeguards', language: 'en' }, { multipart: true }),
  },
  'GET /inquiries/:id': { ...on('inq'), call: (id) => get(`/inquiries/${id('own')}`) },
  'GET /inquiries/:id/audit': { ...on('inq'), call: (id) => get(`/inquiries/${id('own')}/audit`) },
  'POST /inquiries/:id/messages': { ...on('inq'), call: (id) => post(`/inquiries/${id('own')}/messages`, { body: 'Matrix message' }, { multipart: true }) },
  'POST /inquiries/:id/attachments': { ...on('inq'), call: (id) => post(`/inquiries/${id('own')}/attachments`, {}, { file: true }) },
  'POST /inquiries/:id/participants': { ...on('inq'), call: (id, f) => post(`/inquiries/${id('own')}/participants`, { userId: f.w.secretariat.id }) },
  // Names org A's requester on every target (the page's own path, in its links, then differs only by the inquiry's id):
  // on org A's inquiry it cannot be removed (a conflict), on org B's it is no participant (404).
  'POST /inquiries/:id/participants/:userId/remove': { ...on('inq'), call: (id, f) => post(`/inquiries/${id('own')}/participants/${f.w.requester.id}/remove`) },
  'POST /inquiries/:id/transitions': { ...on('inq'), call: (id) => post(`/inquiries/${id('own')}/transitions`, { to: 'submitted' }) },
  'POST /inquiries/:id/triage': { ...on('inq'), call: (id) => post(`/inquiries/${id('own')}/triage`, { version: '999', priority: 'high' }) },
  'POST /inquiries/:id/assignments': {
    ...on('inq'),
    // The expert is already on both inquiries: allowed callers are refused, nothing changes.
    call: (id, f) => post(`/inquiries/${id('own')}/assignments`, { expertId: id('own') === f.inq.own ? f.assigned.id : f.other.id, role: 'lead' }),
  },
  'GET /attachments/:id': { ...on('attachment'), call: (id) => get(`/attachments/${id('own')}`) },

  'GET /assignments': { targets: any, call: () => get('/assignments') },
  'POST /assignments/:id/accept': { ...on('assignment'), call: (id) => post(`/assignments/${id('own')}/accept`, { noConflict: 'true' }) },
  'POST /assignments/:id/decline': { ...on('assignment'), call: (id) => post(`/assignments/${id('own')}/decline`, { reason: 'Matrix' }) },
  'GET /profile': { targets: any, call: () => get('/profile') },
  'POST /profile': { targets: any, call: () => post('/profile', profileForm) },

  'GET /notifications': { targets: any, call: () => get('/notifications') },
  'POST /notifications/read-all': { targets: any, call: () => post('/notifications/read-all', {}) },
  'POST /notifications/:id/read': { ...on('notification'), call: (id) => post(`/notifications/${id('own')}/read`) },

  'GET /admin/users': { targets: any, call: () => get('/admin/users') },
  'POST /admin/users': { targets: any, call: () => post('/admin/users', { email: `matrix.${randomUUID()}@example.org`, name: 'Matrix', role: 'expert' }) },
  // Sets an active account active: allowed callers change nothing.
  'POST /admin/users/:id/active': { ...on('user'), call: (id) => post(`/admin/users/${id('own')}/active`, { active: 'true' }) },
  'POST /admin/users/:id/totp/reset': { ...on('user'), call: (id) => post(`/admin/users/${id('own')}/totp/reset`, { confirmed: 'yes' }) },
  'POST /admin/users/:id/invitation': { ...on('user'), call: (id) => post(`/admin/users/${id('own')}/invitation`) },
  'GET /admin/organizations': { targets: any, call: () => get('/admin/organizations') },
  'POST /admin/organizations': { targets: any, call: () => post('/admin/organizations', { name: 'Matrix org', country: 'XC', kind: 'other' }) },
  'GET /reports': { targets: any, call: () => get('/reports?from=2021-01-01&to=2030-12-31') },
  'GET /reports/export': { targets: any, call: () => get('/reports/export?from=2021-01-01&to=2030-12-31') },
  'GET /reports/annual-pack': { targets: any, call: () => get('/reports/annual-pack?year=2025') },
  'GET /admin/topics': { targets: any, call: () => get('/admin/topics') },
  'POST /admin/topics': { targets: any, call: () => post('/admin/topics', { slug: 'police-custody-safeguards', group: 'matrix', label: 'Taken' }) },
  'POST /admin/topics/:slug': {
    targets: ['own', 'missing'],
    ids: () => (t: Target) => (t === 'own' ? 'police-custody-safeguards' : 'no-such-topic-here'),
    call: (id) => post(`/admin/topics/${id('own')}`, { retired: 'false' }),
  },
  'GET /admin/countries': { targets: any, call: () => get('/admin/countries?group=african&q=ken') },
  'GET /admin/countries/:code': {
    targets: ['own', 'missing'],
    ids: () => (t: Target) => (t === 'own' ? 'KE' : 'ZZ'),
    call: (id) => get(`/admin/countries/${id('own')}`),
  },
  // A stale version: the secretariat is told of the conflict, nothing changes.
  'POST /admin/countries/:code': {
    targets: ['own', 'missing'],
    ids: () => (t: Target) => (t === 'own' ? 'KE' : 'ZZ'),
    call: (id) => post(`/admin/countries/${id('own')}`, { version: '999', asOf: '2024-06-30', npmDesignated: 'true' }),
  },
  'GET /admin/experts': { targets: any, call: () => get('/admin/experts') },
  'GET /admin/experts/:id': { ...on('profile'), call: (id) => get(`/admin/experts/${id('own')}`) },
  'POST /admin/experts/:id': { ...on('profile'), call: (id) => post(`/admin/experts/${id('own')}`, profileForm) },
  'GET /admin/failed-mail': { targets: any, call: () => get('/admin/failed-mail') },
  'POST /admin/failed-mail/:id/retry': { targets: ['missing'], call: () => post(`/admin/failed-mail/${randomUUID()}/retry`) },
  'GET /admin/retention': { targets: any, call: () => get('/admin/retention') },
  'POST /admin/retention': { targets: any, call: () => post('/admin/retention', { outcome: 'duplicate', months: '60' }) },
  'POST /admin/retention/holds/:inquiryId/release': { targets: ['missing'], call: () => post(`/admin/retention/holds/${randomUUID()}/release`) },

  // The pages' twins of the API's commands that change the fixtures: run after those, they find
  // the reply already cleared or returned, the assignment already completed or withdrawn.
  'POST /messages/:id/clear': { ...on('message'), mutates: true, call: (id) => post(`/messages/${id('own')}/clear`) },
  'POST /messages/:id/return': {
    targets: ofm,
    mutates: true,
    ids: (f) => (t) => (t === 'own' ? f.message.spare : t === 'foreign' ? f.message.foreign : randomUUID()),
    call: (id) => post(`/messages/${id('own')}/return`, { reason: 'Please shorten' }),
  },
  'POST /assignments/:id/complete': { ...on('assignment'), mutates: true, call: (id) => post(`/assignments/${id('own')}/complete`) },
  'POST /assignments/:id/withdraw': {
    targets: ofm,
    mutates: true,
    ids: (f) => (t) => (t === 'own' ? f.assignment.spare : t === 'foreign' ? f.assignment.foreign : randomUUID()),
    call: (id) => post(`/assignments/${id('own')}/withdraw`),
  },
  // The knowledge base (own: a published entry, foreign: a draft).
  'GET /knowledge': { targets: any, call: () => get('/knowledge?q=knowledge&language=en') },
  'GET /knowledge/new': { targets: any, call: (_id, f) => get(`/knowledge/new?source=${f.inq.own}`) },
  'POST /knowledge': {
    targets: any,
    call: (_id, f) => post('/knowledge', { sourceInquiryId: f.inq.own, topics: 'cat-reporting', question_en: 'q', answer_en: 'a' }),
  },
  'GET /knowledge/:id': { ...on('entry'), call: (id) => get(`/knowledge/${id('own')}`) },
  'POST /knowledge/:id/submit': {
    ...on('entry'),
    call: (id) =>
      post(`/knowledge/${id('own')}/submit`, { version: '999', state: 'true', institution: 'true', names: 'true', dates: 'true', citations: 'true', otherIdentifiers: 'true' }),
  },
  'POST /knowledge/:id/approve': { ...on('entry'), call: (id) => post(`/knowledge/${id('own')}/approve`, { version: '999' }) },
  // After the API's twin has taken the published entry off: a conflict either way.
  'POST /knowledge/:id/unpublish': { ...on('entry'), mutates: true, call: (id) => post(`/knowledge/${id('own')}/unpublish`, { reason: 'Matrix' }) },
  // Related queries: the fixtures' link is a related one between own and foreign.
  'POST /inquiries/:id/links': {
    ...on('inq'),
    call: (id, f) => post(`/inquiries/${id('own')}/links`, { other: id('own') === f.inq.own ? f.inq.foreign : f.inq.own, kind: 'duplicate', reason: 'Matrix' }),
  },
  'POST /inquiries/:id/links/:linkId/remove': { ...on('inq'), call: (id) => post(`/inquiries/${id('own')}/links/${NO_LINK}/remove`) },
  'POST /inquiries/:id/links/:linkId/join': { ...on('inq'), call: (id, f) => post(`/inquiries/${id('own')}/links/${f.link}/join`) },
  'POST /inquiries/:id/shared-replies': { ...on('inq'), call: (id, f) => post(`/inquiries/${id('own')}/shared-replies`, { messageId: f.message.own }) },
  'GET /inquiries/:id/joins/:linkId': { ...on('inq'), call: (id, f) => get(`/inquiries/${id('own')}/joins/${f.link}`) },
  'POST /inquiries/:id/joins/:linkId': { ...on('inq'), call: (id, f) => post(`/inquiries/${id('own')}/joins/${f.link}`, { consent: 'true' }) },
  'GET /knowledge/similar': { targets: any, call: () => get('/knowledge/similar?topics=police-custody-safeguards') },
  'GET /knowledge/:id/edit': { ...on('entry'), call: (id) => get(`/knowledge/${id('own')}/edit`) },
  'POST /knowledge/:id/edit': {
    ...on('entry'),
    call: (id) => post(`/knowledge/${id('own')}/edit`, { version: '999', topics: 'cat-reporting', question_en: 'q', answer_en: 'a' }),
  },
  'POST /inquiries/:id/publication-consent': { ...on('inq'), call: (id) => post(`/inquiries/${id('own')}/publication-consent`, { consent: 'true' }) },
};

const ownPage = ['MARKER-A subject', 'MARKER-A body', 'MARKER-A-REQUESTER'];
const foreignPage = ['MARKER-B subject', 'MARKER-B body', 'MARKER-B secretariat note'];
const wholeThread = [...ownPage, 'INTERNAL-MARKER', 'PENDING-MARKER'];

/** What must be there: (route, role, target) → markers. */
export const PAGE_MUST: Must = {
  'GET /knowledge/:id': {
    requester: { own: ['Knowledge answer'] },
    expert: { own: ['Knowledge answer'] },
    secretariat: { own: ['Knowledge answer'], foreign: ['Knowledge draft answer'] },
  },
  'GET /inquiries': { requester: { any: ['MARKER-A subject'] }, foreigner: { any: ['MARKER-B subject'] }, secretariat: { any: ['MARKER-A subject', 'MARKER-B subject'] } },
  'GET /inquiries/:id': {
    requester: { own: ownPage },
    foreigner: { foreign: foreignPage },
    assigned: { own: wholeThread },
    secretariat: { own: wholeThread, foreign: foreignPage },
  },
  'GET /attachments/:id': { requester: { own: ['MARKER-A-FILE'] }, assigned: { own: ['MARKER-A-FILE'] }, secretariat: { own: ['MARKER-A-FILE'], foreign: ['MARKER-B-FILE'] } },
  'GET /assignments': { assigned: { any: ['MARKER-A subject'] } },
  'GET /knowledge/similar': { requester: { any: ['Knowledge question'] }, foreigner: { any: ['Knowledge question'] }, expert: { any: ['Knowledge question'] } },
};

/** The page commands whose refused form shows the query's page again (issue 19), with the refusal's status. */
export const SHOWN_AGAIN = [
  'POST /inquiries/:id/messages',
  'POST /inquiries/:id/transitions',
  'POST /inquiries/:id/triage',
  'POST /inquiries/:id/assignments',
  'POST /assignments/:id/accept',
  'POST /assignments/:id/decline',
  'POST /messages/:id/return',
  'POST /inquiries/:id/links',
];
