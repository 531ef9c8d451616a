import { randomUUID } from 'node:crypto';
import { any, ofm, pick, type Must, type Row } from './route-matrix.js';

/** A link id that names nothing. */
const NO_LINK = randomUUID();

/** The matrix's rows for the JSON API and /health: one per route the application declares there. */
export const API_ROWS: Record<string, Row> = {
  'GET /health': { targets: any, call: () => ({ method: 'GET', path: '/health' }) },
  'GET /api/docs': { targets: any, call: () => ({ method: 'GET', path: '/api/docs' }) },
  'POST /api/v1/auth/login': {
    targets: any,
    call: () => ({ method: 'POST', path: '/api/v1/auth/login', body: { email: `nobody.${randomUUID()}@example.org`, password: 'not a real password' } }),
  },
  'POST /api/v1/auth/accept-invitation': {
    targets: any,
    call: () => ({ method: 'POST', path: '/api/v1/auth/accept-invitation', body: { token: 'x'.repeat(43), password: 'a long enough passphrase 42' } }),
  },
  'POST /api/v1/auth/logout': { targets: any, call: () => ({ method: 'POST', path: '/api/v1/auth/logout', fresh: true }) },
  'POST /api/v1/auth/password': {
    targets: any,
    call: () => ({ method: 'POST', path: '/api/v1/auth/password', body: { currentPassword: 'wrong wrong wrong', newPassword: 'another long passphrase 77' } }),
  },
  'POST /api/v1/auth/password-reset': {
    targets: any,
    call: () => ({ method: 'POST', path: '/api/v1/auth/password-reset', body: { email: `nobody.${randomUUID()}@example.org` } }),
  },
  'POST /api/v1/auth/password-reset/confirm': {
    targets: any,
    call: () => ({ method: 'POST', path: '/api/v1/auth/password-reset/confirm', body: { token: 'x'.repeat(43), password: 'a long enough passphrase 42' } }),
  },
  'GET /api/v1/me/recovery-codes': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/me/recovery-codes' }) },
  'POST /api/v1/me/recovery-codes': {
    targets: any,
    call: () => ({ method: 'POST', path: '/api/v1/me/recovery-codes', body: { currentPassword: 'wrong wrong wrong', code: '000000' } }),
  },
  'GET /api/v1/me': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/me' }) },
  'POST /api/v1/me/totp': { targets: any, call: () => ({ method: 'POST', path: '/api/v1/me/totp' }) },
  'POST /api/v1/me/totp/confirm': { targets: any, call: () => ({ method: 'POST', path: '/api/v1/me/totp/confirm', body: { code: '000000' } }) },
  'GET /api/v1/me/notification-preferences': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/me/notification-preferences' }) },
  'PUT /api/v1/me/notification-preferences': { targets: any, call: () => ({ method: 'PUT', path: '/api/v1/me/notification-preferences', body: { email: 'immediate' } }) },
  'POST /api/v1/users': {
    targets: any,
    call: () => ({ method: 'POST', path: '/api/v1/users', body: { email: `matrix.${randomUUID()}@example.org`, name: 'Matrix', role: 'expert' } }),
  },
  'GET /api/v1/users': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/users' }) },
  'GET /api/v1/users/:id': { targets: ofm, ids: (f) => pick(f.user), call: (id) => ({ method: 'GET', path: `/api/v1/users/${id('own')}` }) },
  'PATCH /api/v1/users/:id': { targets: ofm, ids: (f) => pick(f.user), call: (id) => ({ method: 'PATCH', path: `/api/v1/users/${id('own')}`, body: { languages: ['en'] } }) },
  'POST /api/v1/users/:id/invitation': { targets: ofm, ids: (f) => pick(f.user), call: (id) => ({ method: 'POST', path: `/api/v1/users/${id('own')}/invitation` }) },
  // Neither account has a second factor: allowed callers get a conflict, nothing changes.
  'DELETE /api/v1/users/:id/totp': { targets: ofm, ids: (f) => pick(f.user), call: (id) => ({ method: 'DELETE', path: `/api/v1/users/${id('own')}/totp` }) },
  'POST /api/v1/organizations': { targets: any, call: () => ({ method: 'POST', path: '/api/v1/organizations', body: { name: 'Matrix org', country: 'XC', kind: 'other' } }) },
  'GET /api/v1/organizations': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/organizations' }) },
  'GET /api/v1/organizations/:id': { targets: ofm, ids: (f) => pick(f.org), call: (id) => ({ method: 'GET', path: `/api/v1/organizations/${id('own')}` }) },
  'GET /api/v1/topics': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/topics' }) },
  'POST /api/v1/topics': { targets: any, call: () => ({ method: 'POST', path: '/api/v1/topics', body: { slug: 'police-custody-safeguards', group: 'matrix', label: 'Taken' } }) },
  'PATCH /api/v1/topics/:slug': {
    targets: ['own', 'missing'],
    ids: () => (t) => (t === 'own' ? 'police-custody-safeguards' : 'no-such-topic-here'),
    call: (id) => ({ method: 'PATCH', path: `/api/v1/topics/${id('own')}`, body: { retired: false } }),
  },
  'GET /api/v1/countries': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/countries' }) },
  // A stale version: the secretariat gets a conflict, nothing changes.
  'PATCH /api/v1/countries/:code': {
    targets: ['own', 'missing'],
    ids: () => (t) => (t === 'own' ? 'KE' : 'ZZ'),
    call: (id) => ({ method: 'PATCH', path: `/api/v1/countries/${id('own')}`, body: { version: 999, asOf: '2024-06-30', npmDesignated: true } }),
  },
  'GET /api/v1/reports': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/reports?from=2021-01-01&to=2030-12-31' }) },
  'GET /api/v1/reports/export': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/reports/export?from=2021-01-01&to=2030-12-31' }) },
  'GET /api/v1/reports/annual-pack': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/reports/annual-pack?year=2025' }) },
  'POST /api/v1/inquiries': {
    targets: any,
    call: () => ({ method: 'POST', path: '/api/v1/inquiries', body: { subject: 'Matrix filing', body: 'Matrix body', topics: ['police-custody-safeguards'], language: 'en' } }),
  },
  'GET /api/v1/inquiries': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/inquiries?limit=100' }) },
  'GET /api/v1/inquiries/:id': { targets: ofm, ids: (f) => pick(f.inq), call: (id) => ({ method: 'GET', path: `/api/v1/inquiries/${id('own')}` }) },
  'PATCH /api/v1/inquiries/:id': {
    targets: ofm,
    ids: (f) => pick(f.inq),
    call: (id) => ({ method: 'PATCH', path: `/api/v1/inquiries/${id('own')}`, body: { version: 999, priority: 'high' } }),
  },
  'POST /api/v1/inquiries/:id/transitions': {
    targets: ofm,
    ids: (f) => pick(f.inq),
    call: (id) => ({ method: 'POST', path: `/api/v1/inquiries/${id('own')}/transitions`, body: { to: 'submitted' } }),
  },
  'POST /api/v1/inquiries/:id/participants': {
    targets: ofm,
    ids: (f) => pick(f.inq),
    call: (id, f) => ({ method: 'POST', path: `/api/v1/inquiries/${id('own')}/participants`, body: { userId: f.w.secretariat.id } }),
  },
  // Names the inquiry's own requester, who cannot be removed: allowed callers get a conflict, nothing changes.
  'DELETE /api/v1/inquiries/:id/participants/:userId': {
    targets: ofm,
    ids: (f) => pick(f.inq),
    call: (id, f) => ({ method: 'DELETE', path: `/api/v1/inquiries/${id('own')}/participants/${id('own') === f.inq.foreign ? f.w.foreigner.id : f.w.requester.id}` }),
  },
  'GET /api/v1/inquiries/:id/audit': { targets: ofm, ids: (f) => pick(f.inq), call: (id) => ({ method: 'GET', path: `/api/v1/inquiries/${id('own')}/audit` }) },
  'GET /api/v1/inquiries/:id/expert-suggestions': {
    targets: ofm,
    ids: (f) => pick(f.inq),
    call: (id) => ({ method: 'GET', path: `/api/v1/inquiries/${id('own')}/expert-suggestions` }),
  },
  'POST /api/v1/inquiries/:id/assignments': {
    targets: ofm,
    ids: (f) => pick(f.inq),
    // The expert is already on both inquiries: allowed callers get a conflict, nothing changes.
    call: (id, f) => ({
      method: 'POST',
      path: `/api/v1/inquiries/${id('own')}/assignments`,
      body: { expertId: id('own') === f.inq.own ? f.assigned.id : f.other.id, role: 'lead' },
    }),
  },
  'GET /api/v1/inquiries/:id/messages': { targets: ofm, ids: (f) => pick(f.inq), call: (id) => ({ method: 'GET', path: `/api/v1/inquiries/${id('own')}/messages` }) },
  'POST /api/v1/inquiries/:id/messages': {
    targets: ofm,
    ids: (f) => pick(f.inq),
    call: (id) => ({ method: 'POST', path: `/api/v1/inquiries/${id('own')}/messages`, body: { body: 'Matrix message' } }),
  },
  'POST /api/v1/inquiries/:id/attachments': {
    targets: ofm,
    ids: (f) => pick(f.inq),
    call: (id) => ({ method: 'POST', path: `/api/v1/inquiries/${id('own')}/attachments`, file: true }),
  },
  'GET /api/v1/attachments/:id': { targets: ofm, ids: (f) => pick(f.attachment), call: (id) => ({ method: 'GET', path: `/api/v1/attachments/${id('own')}` }) },
  'POST /api/v1/messages/:id/attachments': {
    targets: ofm,
    ids: (f) => (t) => (t === 'own' ? f.message.requesters : t === 'foreign' ? f.message.foreign : randomUUID()),
    call: (id) => ({ method: 'POST', path: `/api/v1/messages/${id('own')}/attachments`, file: true }),
  },
  // Clears the pending reply: the requester may read it from then on.
  'POST /api/v1/messages/:id/clear': { targets: ofm, mutates: true, ids: (f) => pick(f.message), call: (id) => ({ method: 'POST', path: `/api/v1/messages/${id('own')}/clear` }) },
  'POST /api/v1/messages/:id/return': {
    mutates: true,
    targets: ofm,
    ids: (f) => (t) => (t === 'own' ? f.message.spare : t === 'foreign' ? f.message.foreign : randomUUID()),
    call: (id) => ({ method: 'POST', path: `/api/v1/messages/${id('own')}/return`, body: { reason: 'Please shorten' } }),
  },
  'GET /api/v1/experts/:userId/profile': { targets: ofm, ids: (f) => pick(f.profile), call: (id) => ({ method: 'GET', path: `/api/v1/experts/${id('own')}/profile` }) },
  'PUT /api/v1/experts/:userId/profile': {
    targets: ofm,
    ids: (f) => pick(f.profile),
    call: (id) => ({
      method: 'PUT',
      path: `/api/v1/experts/${id('own')}/profile`,
      body: { topics: ['police-custody-safeguards'], languages: ['en'], regions: [], conflictCountries: [], maxActive: 5, available: true },
    }),
  },
  'GET /api/v1/assignments': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/assignments' }) },
  'POST /api/v1/assignments/:id/accept': {
    targets: ofm,
    ids: (f) => pick(f.assignment),
    call: (id) => ({ method: 'POST', path: `/api/v1/assignments/${id('own')}/accept`, body: { noConflict: true } }),
  },
  'POST /api/v1/assignments/:id/decline': {
    targets: ofm,
    ids: (f) => pick(f.assignment),
    call: (id) => ({ method: 'POST', path: `/api/v1/assignments/${id('own')}/decline`, body: { reason: 'Matrix' } }),
  },
  'GET /api/v1/notifications': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/notifications' }) },
  'GET /api/v1/notifications/failed': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/notifications/failed' }) },
  'POST /api/v1/notifications/failed/:id/retry': { targets: ['missing'], call: () => ({ method: 'POST', path: `/api/v1/notifications/failed/${randomUUID()}/retry` }) },
  'POST /api/v1/notifications/read-all': { targets: any, call: () => ({ method: 'POST', path: '/api/v1/notifications/read-all', body: {} }) },
  'POST /api/v1/notifications/:id/read': { targets: ofm, ids: (f) => pick(f.notification), call: (id) => ({ method: 'POST', path: `/api/v1/notifications/${id('own')}/read` }) },
  'GET /api/v1/audit': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/audit?limit=100' }) },
  'GET /api/v1/audit/verify': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/audit/verify' }) },
  'GET /api/v1/retention': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/retention' }) },
  'PUT /api/v1/retention': { targets: any, call: () => ({ method: 'PUT', path: '/api/v1/retention', body: { periods: [{ outcome: 'duplicate', months: 60 }] } }) },
  'GET /api/v1/retention/due': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/retention/due' }) },
  'GET /api/v1/retention/holds': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/retention/holds' }) },
  'PUT /api/v1/retention/holds/:inquiryId': {
    targets: ofm,
    ids: (f) => pick(f.inq),
    call: (id) => ({ method: 'PUT', path: `/api/v1/retention/holds/${id('own')}`, body: { reason: 'Matrix hold' } }),
  },
  'DELETE /api/v1/retention/holds/:inquiryId': { targets: ['missing'], call: () => ({ method: 'DELETE', path: `/api/v1/retention/holds/${randomUUID()}` }) },
  // Links between inquiries: a duplicate across the two States is refused, nothing is stored.
  'POST /api/v1/inquiries/:id/links': {
    targets: ofm,
    ids: (f) => pick(f.inq),
    call: (id, f) => ({
      method: 'POST',
      path: `/api/v1/inquiries/${id('own')}/links`,
      body: { inquiryId: id('own') === f.inq.own ? f.inq.foreign : f.inq.own, kind: 'duplicate', reason: 'Matrix' },
    }),
  },
  'GET /api/v1/inquiries/:id/links': { targets: ofm, ids: (f) => pick(f.inq), call: (id) => ({ method: 'GET', path: `/api/v1/inquiries/${id('own')}/links` }) },
  'GET /api/v1/inquiries/:id/link-suggestions': {
    targets: ofm,
    ids: (f) => pick(f.inq),
    call: (id) => ({ method: 'GET', path: `/api/v1/inquiries/${id('own')}/link-suggestions` }),
  },
  // Duplicates: neither fixture inquiry is a duplicate; their link is a related one.
  'POST /api/v1/inquiries/:id/shared-replies': {
    targets: ofm,
    ids: (f) => pick(f.inq),
    call: (id, f) => ({ method: 'POST', path: `/api/v1/inquiries/${id('own')}/shared-replies`, body: { messageId: f.message.own } }),
  },
  'GET /api/v1/inquiries/:id/shared-replies': { targets: ofm, ids: (f) => pick(f.inq), call: (id) => ({ method: 'GET', path: `/api/v1/inquiries/${id('own')}/shared-replies` }) },
  'POST /api/v1/inquiries/:id/links/:linkId/join': {
    targets: ofm,
    ids: (f) => pick(f.inq),
    call: (id, f) => ({ method: 'POST', path: `/api/v1/inquiries/${id('own')}/links/${f.link}/join` }),
  },
  'GET /api/v1/inquiries/:id/joins': { targets: ofm, ids: (f) => pick(f.inq), call: (id) => ({ method: 'GET', path: `/api/v1/inquiries/${id('own')}/joins` }) },
  'POST /api/v1/inquiries/:id/joins/:linkId': {
    targets: ofm,
    ids: (f) => pick(f.inq),
    call: (id, f) => ({ method: 'POST', path: `/api/v1/inquiries/${id('own')}/joins/${f.link}`, body: { consent: true } }),
  },
  'GET /api/v1/inquiries/:id/joins/:linkId/thread': {
    targets: ofm,
    ids: (f) => pick(f.inq),
    call: (id, f) => ({ method: 'GET', path: `/api/v1/inquiries/${id('own')}/joins/${f.link}/thread` }),
  },
  // An unknown link: nothing is removed.
  'DELETE /api/v1/inquiries/:id/links/:linkId': {
    targets: ofm,
    ids: (f) => pick(f.inq),
    call: (id) => ({ method: 'DELETE', path: `/api/v1/inquiries/${id('own')}/links/${NO_LINK}` }),
  },
  // The knowledge base: own is a published entry, foreign a draft (the secretariat's alone).
  'GET /api/v1/knowledge': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/knowledge?q=knowledge' }) },
  // From an open inquiry: the secretariat gets a conflict, nothing is stored.
  'POST /api/v1/knowledge': {
    targets: any,
    call: (_id, f) => ({
      method: 'POST',
      path: '/api/v1/knowledge',
      body: { sourceInquiryId: f.inq.own, topics: ['cat-reporting'], texts: [{ language: 'en', question: 'q', answer: 'a' }] },
    }),
  },
  'GET /api/v1/knowledge/:id': { targets: ofm, ids: (f) => pick(f.entry), call: (id) => ({ method: 'GET', path: `/api/v1/knowledge/${id('own')}` }) },
  // A stale version or a published entry: a conflict for the secretariat, nothing changes.
  'PATCH /api/v1/knowledge/:id': {
    targets: ofm,
    ids: (f) => pick(f.entry),
    call: (id) => ({ method: 'PATCH', path: `/api/v1/knowledge/${id('own')}`, body: { version: 999, topics: ['cat-reporting'] } }),
  },
  'POST /api/v1/knowledge/:id/submit': {
    targets: ofm,
    ids: (f) => pick(f.entry),
    call: (id) => ({
      method: 'POST',
      path: `/api/v1/knowledge/${id('own')}/submit`,
      body: { version: 999, checklist: { state: true, institution: true, names: true, dates: true, citations: true, otherIdentifiers: true } },
    }),
  },
  'POST /api/v1/knowledge/:id/approve': {
    targets: ofm,
    ids: (f) => pick(f.entry),
    call: (id) => ({ method: 'POST', path: `/api/v1/knowledge/${id('own')}/approve`, body: { version: 999 } }),
  },
  // No question was put for these open inquiries: the requester who filed one gets a conflict.
  'POST /api/v1/inquiries/:id/publication-consent': {
    targets: ofm,
    ids: (f) => pick(f.inq),
    call: (id) => ({ method: 'POST', path: `/api/v1/inquiries/${id('own')}/publication-consent`, body: { consent: true } }),
  },
  // The secretariat role approved the published entry: it takes it off.
  'POST /api/v1/knowledge/:id/unpublish': {
    mutates: true,
    targets: ofm,
    ids: (f) => pick(f.entry),
    call: (id) => ({ method: 'POST', path: `/api/v1/knowledge/${id('own')}/unpublish`, body: { reason: 'Matrix' } }),
  },
  // These change who holds what.
  'POST /api/v1/assignments/:id/complete': {
    targets: ofm,
    mutates: true,
    ids: (f) => pick(f.assignment),
    call: (id) => ({ method: 'POST', path: `/api/v1/assignments/${id('own')}/complete` }),
  },
  'DELETE /api/v1/assignments/:id': {
    mutates: true,
    targets: ofm,
    ids: (f) => (t) => (t === 'own' ? f.assignment.spare : t === 'foreign' ? f.assignment.foreign : randomUUID()),
    call: (id) => ({ method: 'DELETE', path: `/api/v1/assignments/${id('own')}` }),
  },
};

/** What must be there: (route, role, target) → markers. */
export const API_MUST: Must = {
  'GET /api/v1/inquiries/:id': {
    requester: { own: ['MARKER-A'] },
    foreigner: { foreign: ['MARKER-B'] },
    assigned: { own: ['MARKER-A'] },
    secretariat: { own: ['MARKER-A'], foreign: ['MARKER-B'] },
  },
  'GET /api/v1/inquiries/:id/messages': {
    requester: { own: ['MARKER-A-REQUESTER'] },
    assigned: { own: ['INTERNAL-MARKER', 'PENDING-MARKER'] },
    secretariat: { own: ['INTERNAL-MARKER', 'PENDING-MARKER'], foreign: ['MARKER-B'] },
  },
  'GET /api/v1/knowledge/:id': {
    requester: { own: ['Knowledge answer'] },
    expert: { own: ['Knowledge answer'] },
    secretariat: { own: ['Knowledge answer'], foreign: ['Knowledge draft answer'] },
  },
  'GET /api/v1/attachments/:id': {
    requester: { own: ['MARKER-A-FILE'] },
    assigned: { own: ['MARKER-A-FILE'] },
    secretariat: { own: ['MARKER-A-FILE'], foreign: ['MARKER-B-FILE'] },
  },
  'GET /api/v1/inquiries': { requester: { any: ['MARKER-A'] }, foreigner: { any: ['MARKER-B'] }, assigned: { any: ['MARKER-A'] }, secretariat: { any: ['MARKER-A', 'MARKER-B'] } },
};
