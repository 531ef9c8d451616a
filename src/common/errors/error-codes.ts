/**
 * Every code a refusal of the service may carry, with the one HTTP status it is answered with.
 * The code is the stable part of an error body (`{ statusCode, error, message, code, params? }`):
 * clients and the pages branch on it and translate it (src/web/i18n/forms/<lang>.json holds
 * `error.code.<code>` in the five languages, checked by test/unit/error-codes.spec.ts); the English
 * `message` beside it may be reworded at any time. Adding a code is fine; renaming one breaks clients.
 */
export const ERROR_CODES = {
  // Any status without a more precise code (refusals of the framework itself).
  'request.invalid': 400,
  'request.unreadable': 400,
  'request.not-found': 404,
  'request.forbidden': 403,
  'request.conflict': 409,
  'request.too-large': 413,
  'request.unsupported-type': 415,
  'request.timeout': 408,
  'request.throttled': 429,
  'service.unavailable': 503,
  'server.error': 500,
  // Input checked field by field: the body's `errors` name the field and the constraint.
  'validation.failed': 400,
  'pagination.cursor-invalid': 400,
  'idempotency.key-invalid': 400,
  // Signing in, sessions, the second factor.
  'auth.sign-in-required': 401,
  'auth.invalid-credentials': 401,
  'auth.mfa-enrolment-required': 403,
  'auth.role-forbidden': 403,
  'auth.invitation-invalid': 400,
  'auth.reset-link-invalid': 400,
  'auth.second-factor-needed': 400,
  'auth.second-factor-invalid': 400,
  'auth.current-password-wrong': 400,
  'auth.passwords-differ': 400,
  'auth.mfa-not-confirmed': 400,
  'password.too-short': 400,
  'password.too-long': 400,
  'password.too-common': 400,
  'password.contains-email': 400,
  'totp.replace-needs-proof': 400,
  'totp.proof-wrong': 400,
  'totp.not-started': 400,
  'totp.code-invalid': 400,
  // Accounts and organisations.
  'user.not-found': 404,
  'user.organization-required': 400,
  'user.organization-unknown': 400,
  'user.inactive': 409,
  'user.email-taken': 409,
  'user.deactivate-self': 409,
  'user.head-must-be-secretariat': 409,
  'user.head-removed-by-another': 409,
  'user.no-second-factor': 409,
  'user.reset-own-second-factor': 409,
  'organization.not-found': 404,
  'country.not-found': 404,
  'country.code-invalid': 400,
  'country.changed': 409,
  // Who may do what.
  'role.secretariat-only': 403,
  'role.requester-or-secretariat-only': 403,
  'role.head-of-secretariat-only': 403,
  'role.reports-forbidden': 403,
  'profile.own-only': 403,
  'filter.assigned-to-me-only': 400,
  'filter.secretariat-only': 400,
  // Topics.
  'topic.slug-invalid': 400,
  'topic.exists': 409,
  'topic.not-found': 404,
  'topics.unknown': 400,
  'topics.repeated': 400,
  // Inquiries.
  'inquiry.not-found': 404,
  'inquiry.on-behalf-invalid': 400,
  'inquiry.read-only': 403,
  'inquiry.transition-not-allowed': 409,
  'inquiry.closed': 409,
  'inquiry.changed': 409,
  'inquiry.nothing-to-change': 400,
  'inquiry.outcome-required': 400,
  'inquiry.outcome-not-allowed': 400,
  'inquiry.reason-required': 400,
  'inquiry.share-not-colleague': 409,
  'inquiry.already-shared': 409,
  'inquiry.requester-not-removable': 409,
  'inquiry.not-participant': 404,
  'inquiry.purged': 409,
  'inquiry.no-legal-hold': 404,
  'retention.outcome-repeated': 409,
  'duplicate.share-forbidden': 403,
  'duplicate.not-duplicate': 409,
  'duplicate.closed': 409,
  'duplicate.primary-withdrawn': 409,
  'duplicate.reply-not-shareable': 409,
  'duplicate.already-shared': 409,
  'duplicate.join-ask-forbidden': 403,
  'duplicate.join-not-duplicate': 409,
  'duplicate.join-needs-open': 409,
  'duplicate.join-asked-already': 409,
  'duplicate.join-not-yours': 403,
  'duplicate.join-filer-only': 403,
  'duplicate.join-nothing-to-withdraw': 409,
  'duplicate.join-answered': 409,
  'duplicate.join-not-asked': 409,
  'duplicate.not-joined': 409,
  'duplicate.withdrawn': 409,
  'link.forbidden': 403,
  'link.self': 400,
  'link.exists': 409,
  'link.duplicate-other-state': 409,
  'link.duplicate-chain': 409,
  // Experts and assignments.
  'expert.not-found': 404,
  'expert.not-active': 400,
  'assignment.not-found': 404,
  'assignment.expert-only': 403,
  'assignment.already-on': 409,
  'assignment.conflict-of-interest': 409,
  'assignment.not-open': 409,
  'assignment.changed': 409,
  // Messages, clearance and files.
  'message.not-found': 404,
  'message.post-forbidden': 403,
  'message.requester-internal': 403,
  'message.thread-closed-to-expert': 403,
  'message.author-only': 403,
  'message.parent-invalid': 400,
  'message.settled': 409,
  'message.not-pending': 409,
  'attachment.not-found': 404,
  'attachment.file-missing': 400,
  'attachment.field-missing': 400,
  'attachment.one-file-only': 400,
  'attachment.empty': 400,
  'attachment.too-large': 413,
  'attachment.type-not-allowed': 415,
  'attachment.not-multipart': 415,
  'attachment.unreadable': 400,
  'filename.missing': 400,
  'filename.too-long': 400,
  'filename.unsafe': 400,
  'form.field-too-long': 413,
  // Notifications.
  'notification.not-found': 404,
  'delivery.not-found': 404,
  // Reports.
  'report.date-invalid': 400,
  'report.period-reversed': 400,
  'report.period-too-long': 400,
  // Knowledge entries.
  'knowledge.not-found': 404,
  'knowledge.source-not-found': 404,
  'knowledge.source-not-closed': 409,
  'knowledge.no-consent': 409,
  'knowledge.consent-not-confirmed': 409,
  'knowledge.consent-not-asked': 409,
  'knowledge.consent-settled': 409,
  'knowledge.consent-requester-only': 403,
  'knowledge.consent-changed': 409,
  'knowledge.nothing-to-change': 400,
  'knowledge.language-repeated': 400,
  'knowledge.checklist-incomplete': 400,
  'knowledge.identifying-words': 409,
  'knowledge.wrong-status': 409,
  'knowledge.second-approver': 403,
  'knowledge.unpublish-forbidden': 403,
  'knowledge.changed': 409,
} as const satisfies Record<string, 400 | 401 | 403 | 404 | 408 | 409 | 413 | 415 | 429 | 500 | 503>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Values a code's text places ({max}, {status}, ...): plain strings and numbers, never confidential text. */
export type ErrorParams = Record<string, string | number>;

/**
 * Field by field, what a form or body got wrong: `field` is the property path (`topics`,
 * `overrideConflict.reason`), `code` one of FIELD_CODES, `params` its bounds.
 */
export interface FieldError {
  field: string;
  code: FieldCode;
  params: ErrorParams;
}

export const FIELD_CODES = [
  'field.required',
  'field.unknown',
  'field.too-long',
  'field.too-short',
  'field.too-many',
  'field.too-few',
  'field.out-of-range',
  'field.not-allowed',
  'field.wrong-type',
  'field.not-an-email',
  'field.not-an-id',
  'field.not-a-date',
  'field.repeated',
  'field.invalid',
] as const;

export type FieldCode = (typeof FIELD_CODES)[number];

/** The code of a status for a refusal that carries none of its own. */
export function codeOfStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'request.invalid';
    case 401:
      return 'auth.sign-in-required';
    case 403:
      return 'request.forbidden';
    case 404:
      return 'request.not-found';
    case 408:
      return 'request.timeout';
    case 409:
      return 'request.conflict';
    case 413:
      return 'request.too-large';
    case 415:
      return 'request.unsupported-type';
    case 429:
      return 'request.throttled';
    case 503:
      return 'service.unavailable';
    default:
      return status >= 500 ? 'server.error' : 'request.invalid';
  }
}
