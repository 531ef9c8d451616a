/**
 * The access matrix: for every route, the exact status each role gets, as "own/foreign/missing"
 * (or one status for routes without a target). Read with the rows (test/support/route-matrix-api.ts
 * and route-matrix-pages.ts), which say what own, foreign and missing mean for each route, and
 * test/support/route-matrix.ts, which builds them. anon: no token or session; requester: the requester of org A
 * (own = org A's resource); colleague: a requester of org A who is not a participant; foreigner:
 * the requester of org B (foreign = org B's resource); expert: an expert on nothing; assigned: the
 * expert who accepted org A's inquiry; secretariat.
 */
export const ROLES = ['anon', 'requester', 'colleague', 'foreigner', 'expert', 'assigned', 'secretariat'] as const;
export type Role = (typeof ROLES)[number];

const API_EXPECTED: Record<string, Record<Role, string>> = {
  'GET /health': { anon: '200', requester: '200', colleague: '200', foreigner: '200', expert: '200', assigned: '200', secretariat: '200' },
  'GET /api/docs': { anon: '401', requester: '403', colleague: '403', foreigner: '403', expert: '403', assigned: '403', secretariat: '200' },
  'POST /api/v1/auth/login': { anon: '401', requester: '401', colleague: '401', foreigner: '401', expert: '401', assigned: '401', secretariat: '401' },
  'POST /api/v1/auth/accept-invitation': { anon: '400', requester: '400', colleague: '400', foreigner: '400', expert: '400', assigned: '400', secretariat: '400' },
  'POST /api/v1/auth/logout': { anon: '401', requester: '204', colleague: '204', foreigner: '204', expert: '204', assigned: '204', secretariat: '204' },
  'POST /api/v1/auth/password': { anon: '401', requester: '400', colleague: '400', foreigner: '400', expert: '400', assigned: '400', secretariat: '400' },
  'GET /api/v1/me': { anon: '401', requester: '200', colleague: '200', foreigner: '200', expert: '200', assigned: '200', secretariat: '200' },
  'POST /api/v1/me/totp': { anon: '401', requester: '200', colleague: '200', foreigner: '200', expert: '200', assigned: '200', secretariat: '200' },
  'POST /api/v1/me/totp/confirm': { anon: '401', requester: '400', colleague: '400', foreigner: '400', expert: '400', assigned: '400', secretariat: '400' },
  'GET /api/v1/me/notification-preferences': { anon: '401', requester: '200', colleague: '200', foreigner: '200', expert: '200', assigned: '200', secretariat: '200' },
  'PUT /api/v1/me/notification-preferences': { anon: '401', requester: '200', colleague: '200', foreigner: '200', expert: '200', assigned: '200', secretariat: '200' },
  'POST /api/v1/users': { anon: '401', requester: '403', colleague: '403', foreigner: '403', expert: '403', assigned: '403', secretariat: '201' },
  'GET /api/v1/users': { anon: '401', requester: '403', colleague: '403', foreigner: '403', expert: '403', assigned: '403', secretariat: '200' },
  'GET /api/v1/users/:id': { anon: '401/401/401', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '403/403/403', assigned: '403/403/403', secretariat: '200/200/404' },
  'PATCH /api/v1/users/:id': { anon: '401/401/401', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '403/403/403', assigned: '403/403/403', secretariat: '200/200/404' },
  'POST /api/v1/users/:id/invitation': { anon: '401/401/401', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '403/403/403', assigned: '403/403/403', secretariat: '204/204/404' },
  'POST /api/v1/organizations': { anon: '401', requester: '403', colleague: '403', foreigner: '403', expert: '403', assigned: '403', secretariat: '201' },
  'GET /api/v1/organizations': { anon: '401', requester: '403', colleague: '403', foreigner: '403', expert: '403', assigned: '403', secretariat: '200' },
  'GET /api/v1/organizations/:id': { anon: '401/401/401', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '403/403/403', assigned: '403/403/403', secretariat: '200/200/404' },
  'GET /api/v1/topics': { anon: '401', requester: '200', colleague: '200', foreigner: '200', expert: '200', assigned: '200', secretariat: '200' },
  'POST /api/v1/topics': { anon: '401', requester: '403', colleague: '403', foreigner: '403', expert: '403', assigned: '403', secretariat: '409' },
  'PATCH /api/v1/topics/:slug': { anon: '401/401', requester: '403/403', colleague: '403/403', foreigner: '403/403', expert: '403/403', assigned: '403/403', secretariat: '200/404' },
  'POST /api/v1/inquiries': { anon: '401', requester: '201', colleague: '201', foreigner: '201', expert: '403', assigned: '403', secretariat: '400' },
  'GET /api/v1/inquiries': { anon: '401', requester: '200', colleague: '200', foreigner: '200', expert: '200', assigned: '200', secretariat: '200' },
  'GET /api/v1/inquiries/:id': { anon: '401/401/401', requester: '200/404/404', colleague: '404/404/404', foreigner: '404/200/404', expert: '404/404/404', assigned: '200/404/404', secretariat: '200/200/404' },
  'PATCH /api/v1/inquiries/:id': { anon: '401/401/401', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '403/403/403', assigned: '403/403/403', secretariat: '409/409/404' },
  'POST /api/v1/inquiries/:id/transitions': { anon: '401/401/401', requester: '409/404/404', colleague: '404/404/404', foreigner: '404/409/404', expert: '404/404/404', assigned: '409/404/404', secretariat: '409/409/404' },
  'POST /api/v1/inquiries/:id/participants': { anon: '401/401/401', requester: '409/404/404', colleague: '404/404/404', foreigner: '404/409/404', expert: '403/403/403', assigned: '403/403/403', secretariat: '409/409/404' },
  'GET /api/v1/inquiries/:id/audit': { anon: '401/401/401', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '403/403/403', assigned: '403/403/403', secretariat: '200/200/404' },
  'GET /api/v1/inquiries/:id/expert-suggestions': { anon: '401/401/401', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '403/403/403', assigned: '403/403/403', secretariat: '200/200/404' },
  'POST /api/v1/inquiries/:id/assignments': { anon: '401/401/401', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '403/403/403', assigned: '403/403/403', secretariat: '409/409/404' },
  'GET /api/v1/inquiries/:id/messages': { anon: '401/401/401', requester: '200/404/404', colleague: '404/404/404', foreigner: '404/200/404', expert: '404/404/404', assigned: '200/404/404', secretariat: '200/200/404' },
  'POST /api/v1/inquiries/:id/messages': { anon: '401/401/401', requester: '201/404/404', colleague: '404/404/404', foreigner: '404/201/404', expert: '404/404/404', assigned: '201/404/404', secretariat: '201/201/404' },
  'POST /api/v1/inquiries/:id/attachments': { anon: '401/401/401', requester: '201/404/404', colleague: '404/404/404', foreigner: '404/201/404', expert: '403/403/403', assigned: '403/403/403', secretariat: '201/201/404' },
  'GET /api/v1/attachments/:id': { anon: '401/401/401', requester: '200/404/404', colleague: '404/404/404', foreigner: '404/200/404', expert: '404/404/404', assigned: '200/404/404', secretariat: '200/200/404' },
  'POST /api/v1/messages/:id/attachments': { anon: '401/401/401', requester: '201/404/404', colleague: '404/404/404', foreigner: '404/403/404', expert: '404/404/404', assigned: '403/404/404', secretariat: '403/201/404' },
  'POST /api/v1/messages/:id/clear': { anon: '401/401/401', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '403/403/403', assigned: '403/403/403', secretariat: '200/409/404' },
  'POST /api/v1/messages/:id/return': { anon: '401/401/401', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '403/403/403', assigned: '403/403/403', secretariat: '200/409/404' },
  'GET /api/v1/experts/:userId/profile': { anon: '401/401/401', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '403/403/403', assigned: '200/403/403', secretariat: '200/200/404' },
  'PUT /api/v1/experts/:userId/profile': { anon: '401/401/401', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '403/403/403', assigned: '200/403/403', secretariat: '200/200/404' },
  'GET /api/v1/assignments': { anon: '401', requester: '403', colleague: '403', foreigner: '403', expert: '200', assigned: '200', secretariat: '200' },
  'POST /api/v1/assignments/:id/accept': { anon: '401/401/401', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '404/404/404', assigned: '409/404/404', secretariat: '403/403/403' },
  'POST /api/v1/assignments/:id/decline': { anon: '401/401/401', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '404/404/404', assigned: '409/404/404', secretariat: '403/403/403' },
  'GET /api/v1/notifications': { anon: '401', requester: '200', colleague: '200', foreigner: '200', expert: '200', assigned: '200', secretariat: '200' },
  'GET /api/v1/notifications/failed': { anon: '401', requester: '403', colleague: '403', foreigner: '403', expert: '403', assigned: '403', secretariat: '200' },
  'POST /api/v1/notifications/failed/:id/retry': { anon: '401', requester: '403', colleague: '403', foreigner: '403', expert: '403', assigned: '403', secretariat: '404' },
  'POST /api/v1/notifications/:id/read': { anon: '401/401/401', requester: '204/404/404', colleague: '404/404/404', foreigner: '404/204/404', expert: '404/404/404', assigned: '404/404/404', secretariat: '404/404/404' },
  'GET /api/v1/audit': { anon: '401', requester: '403', colleague: '403', foreigner: '403', expert: '403', assigned: '403', secretariat: '200' },
  'GET /api/v1/audit/verify': { anon: '401', requester: '403', colleague: '403', foreigner: '403', expert: '403', assigned: '403', secretariat: '200' },
  'POST /api/v1/assignments/:id/complete': { anon: '401/401/401', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '404/404/404', assigned: '200/404/404', secretariat: '409/409/404' },
  'DELETE /api/v1/assignments/:id': { anon: '401/401/401', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '403/403/403', assigned: '403/403/403', secretariat: '200/200/404' },
};

/**
 * The pages, signed in through the sign-in form and posting with the session's form token. 303 is
 * a redirect: an anonymous browser's to the sign-in page, a command's back to a page. A command the
 * service refused (as the API would with that status) goes back with an error message, written
 * "303(409)"; "303(mfa.badCode)" names the message when it is not a status.
 */
const PAGE_EXPECTED: Record<string, Record<Role, string>> = {
  'GET /': { anon: '303', requester: '303', colleague: '303', foreigner: '303', expert: '303', assigned: '303', secretariat: '303' },
  'GET /login': { anon: '200', requester: '303', colleague: '303', foreigner: '303', expert: '303', assigned: '303', secretariat: '303' },
  'POST /login': { anon: '401', requester: '401', colleague: '401', foreigner: '401', expert: '401', assigned: '401', secretariat: '401' },
  'POST /logout': { anon: '303', requester: '303', colleague: '303', foreigner: '303', expert: '303', assigned: '303', secretariat: '303' },
  'GET /invitations/:token': { anon: '200', requester: '200', colleague: '200', foreigner: '200', expert: '200', assigned: '200', secretariat: '200' },
  'POST /invitations/:token': { anon: '400', requester: '400', colleague: '400', foreigner: '400', expert: '400', assigned: '400', secretariat: '400' },
  'GET /account/mfa': { anon: '303', requester: '200', colleague: '200', foreigner: '200', expert: '200', assigned: '200', secretariat: '200' },
  'POST /account/mfa': { anon: '303', requester: '303(mfa.badCode)', colleague: '303(mfa.badCode)', foreigner: '303(mfa.badCode)', expert: '303(mfa.badCode)', assigned: '303(mfa.badCode)', secretariat: '303(mfa.badCode)' },
  'GET /account': { anon: '303', requester: '200', colleague: '200', foreigner: '200', expert: '200', assigned: '200', secretariat: '200' },
  'POST /account/password': { anon: '303', requester: '303(400)', colleague: '303(400)', foreigner: '303(400)', expert: '303(400)', assigned: '303(400)', secretariat: '303(400)' },
  'POST /account/notifications': { anon: '303', requester: '303', colleague: '303', foreigner: '303', expert: '303', assigned: '303', secretariat: '303' },
  'POST /language': { anon: '303', requester: '303', colleague: '303', foreigner: '303', expert: '303', assigned: '303', secretariat: '303' },
  'GET /inquiries': { anon: '303', requester: '200', colleague: '200', foreigner: '200', expert: '303', assigned: '303', secretariat: '200' },
  'GET /inquiries/new': { anon: '303', requester: '200', colleague: '200', foreigner: '200', expert: '403', assigned: '403', secretariat: '403' },
  'POST /inquiries': { anon: '303', requester: '303', colleague: '303', foreigner: '303', expert: '403', assigned: '403', secretariat: '403' },
  'GET /inquiries/:id': { anon: '303/303/303', requester: '200/404/404', colleague: '404/404/404', foreigner: '404/200/404', expert: '404/404/404', assigned: '200/404/404', secretariat: '200/200/404' },
  'GET /inquiries/:id/audit': { anon: '303/303/303', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '403/403/403', assigned: '403/403/403', secretariat: '200/200/404' },
  'POST /inquiries/:id/messages': { anon: '303/303/303', requester: '303/404/404', colleague: '404/404/404', foreigner: '404/303/404', expert: '404/404/404', assigned: '303/404/404', secretariat: '303/303/404' },
  'POST /inquiries/:id/attachments': { anon: '303/303/303', requester: '303/404/404', colleague: '404/404/404', foreigner: '404/303/404', expert: '403/403/403', assigned: '403/403/403', secretariat: '303/303/404' },
  'POST /inquiries/:id/participants': { anon: '303/303/303', requester: '303(409)/404/404', colleague: '404/404/404', foreigner: '404/303(409)/404', expert: '403/403/403', assigned: '403/403/403', secretariat: '303(409)/303(409)/404' },
  'POST /inquiries/:id/transitions': { anon: '303/303/303', requester: '303(409)/404/404', colleague: '404/404/404', foreigner: '404/303(409)/404', expert: '404/404/404', assigned: '303(409)/404/404', secretariat: '303(409)/303(409)/404' },
  'POST /inquiries/:id/triage': { anon: '303/303/303', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '403/403/403', assigned: '403/403/403', secretariat: '303(409)/303(409)/404' },
  'POST /inquiries/:id/assignments': { anon: '303/303/303', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '403/403/403', assigned: '403/403/403', secretariat: '303(409)/303(409)/404' },
  'GET /attachments/:id': { anon: '303/303/303', requester: '200/404/404', colleague: '404/404/404', foreigner: '404/200/404', expert: '404/404/404', assigned: '200/404/404', secretariat: '200/200/404' },
  'GET /assignments': { anon: '303', requester: '403', colleague: '403', foreigner: '403', expert: '200', assigned: '200', secretariat: '403' },
  'POST /assignments/:id/accept': { anon: '303/303/303', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '404/404/404', assigned: '303(409)/404/404', secretariat: '403/403/403' },
  'POST /assignments/:id/decline': { anon: '303/303/303', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '404/404/404', assigned: '303(409)/404/404', secretariat: '403/403/403' },
  'GET /profile': { anon: '303', requester: '403', colleague: '403', foreigner: '403', expert: '200', assigned: '200', secretariat: '403' },
  'POST /profile': { anon: '303', requester: '403', colleague: '403', foreigner: '403', expert: '303', assigned: '303', secretariat: '403' },
  'GET /notifications': { anon: '303', requester: '200', colleague: '200', foreigner: '200', expert: '200', assigned: '200', secretariat: '200' },
  'POST /notifications/:id/read': { anon: '303/303/303', requester: '303/404/404', colleague: '404/404/404', foreigner: '404/303/404', expert: '404/404/404', assigned: '404/404/404', secretariat: '404/404/404' },
  'GET /admin/users': { anon: '303', requester: '403', colleague: '403', foreigner: '403', expert: '403', assigned: '403', secretariat: '200' },
  'POST /admin/users': { anon: '303', requester: '403', colleague: '403', foreigner: '403', expert: '403', assigned: '403', secretariat: '303' },
  'POST /admin/users/:id/active': { anon: '303/303/303', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '403/403/403', assigned: '403/403/403', secretariat: '303/303/404' },
  'POST /admin/users/:id/invitation': { anon: '303/303/303', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '403/403/403', assigned: '403/403/403', secretariat: '303/303/404' },
  'GET /admin/organizations': { anon: '303', requester: '403', colleague: '403', foreigner: '403', expert: '403', assigned: '403', secretariat: '200' },
  'POST /admin/organizations': { anon: '303', requester: '403', colleague: '403', foreigner: '403', expert: '403', assigned: '403', secretariat: '303' },
  'GET /admin/topics': { anon: '303', requester: '403', colleague: '403', foreigner: '403', expert: '403', assigned: '403', secretariat: '200' },
  'POST /admin/topics': { anon: '303', requester: '403', colleague: '403', foreigner: '403', expert: '403', assigned: '403', secretariat: '303(409)' },
  'POST /admin/topics/:slug': { anon: '303/303', requester: '403/403', colleague: '403/403', foreigner: '403/403', expert: '403/403', assigned: '403/403', secretariat: '303/404' },
  'GET /admin/experts': { anon: '303', requester: '403', colleague: '403', foreigner: '403', expert: '403', assigned: '403', secretariat: '200' },
  'GET /admin/experts/:id': { anon: '303/303/303', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '403/403/403', assigned: '403/403/403', secretariat: '200/200/404' },
  'POST /admin/experts/:id': { anon: '303/303/303', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '403/403/403', assigned: '403/403/403', secretariat: '303/303/404' },
  'GET /admin/failed-mail': { anon: '303', requester: '403', colleague: '403', foreigner: '403', expert: '403', assigned: '403', secretariat: '200' },
  'POST /admin/failed-mail/:id/retry': { anon: '303', requester: '403', colleague: '403', foreigner: '403', expert: '403', assigned: '403', secretariat: '404' },
  'POST /messages/:id/clear': { anon: '303/303/303', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '403/403/403', assigned: '403/403/403', secretariat: '303(409)/303(409)/404' },
  'POST /messages/:id/return': { anon: '303/303/303', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '403/403/403', assigned: '403/403/403', secretariat: '303(409)/303(409)/404' },
  'POST /assignments/:id/complete': { anon: '303/303/303', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '404/404/404', assigned: '303(409)/404/404', secretariat: '403/403/403' },
  'POST /assignments/:id/withdraw': { anon: '303/303/303', requester: '403/403/403', colleague: '403/403/403', foreigner: '403/403/403', expert: '403/403/403', assigned: '403/403/403', secretariat: '303(409)/303(409)/404' },
};

export const EXPECTED: Record<string, Record<Role, string>> = { ...API_EXPECTED, ...PAGE_EXPECTED };
