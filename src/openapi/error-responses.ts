import type { OperationObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import type { ApiRoute } from './api-routes.js';
import { ERROR_CODES, FIELD_CODES } from '../common/errors/error-codes.js';

/** What common/http-error.filter.ts sends for every refusal. */
export const ERROR_BODY: SchemaObject = {
  type: 'object',
  required: ['statusCode', 'error', 'message', 'code'],
  properties: {
    statusCode: { type: 'integer', minimum: 400, maximum: 599 },
    error: { type: 'string', description: 'The status text, e.g. Not Found' },
    message: {
      oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
      description: 'What was wrong, in English for people: a sentence, or one per invalid field. May be reworded; branch on `code`',
    },
    code: {
      type: 'string',
      enum: Object.keys(ERROR_CODES),
      description: 'Stable: what the refusal is (src/common/errors/error-codes.ts), to branch on and to translate',
    },
    params: {
      type: 'object',
      additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] },
      description: "The values the code's text names (a status, a bound, a State's code), when it has any",
    },
    errors: {
      type: 'array',
      description: 'For `validation.failed`: each field and the constraint it broke',
      items: {
        type: 'object',
        required: ['field', 'code', 'params'],
        additionalProperties: false,
        properties: {
          field: { type: 'string', description: 'The property path, e.g. subject or overrideConflict.reason' },
          code: { type: 'string', enum: [...FIELD_CODES] },
          params: { type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] }, description: '{ field, max } or { field, min }' },
        },
      },
    },
    requestId: { type: 'string', description: 'On a 500 only (always a defect): quote it when reporting one' },
  },
};

const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } } };

const WITH_BODY = new Set(['post', 'put', 'patch']);

/**
 * The refusals every operation can meet, from what it declares: the guards (sign-in, roles, the
 * rate limits), the validation of its input, the body parser and the database's busy answer.
 * Refusals of a use case itself (a 409, a 403 of the access policy) are declared on its handler.
 */
function commonRefusals(route: ApiRoute, operation: OperationObject, method: string): Record<number, string> {
  const refusals: Record<number, string> = {};
  const hasInput = (operation.parameters?.length ?? 0) > 0 || operation.requestBody !== undefined || WITH_BODY.has(method);
  if (hasInput) refusals[400] = 'The input is invalid: a field missing, unknown, of the wrong type or out of range; nothing was changed';
  if (!route.isPublic) refusals[401] = 'No valid bearer token';
  if (!route.isPublic && (route.roles || !route.duringMfaEnrolment)) {
    refusals[403] = route.roles
      ? `Only for: ${route.roles.join(', ')} (or the token is only good for enrolling a second factor)`
      : 'The token is only good for enrolling a second factor';
  }
  if (route.pathParams.length > 0) refusals[404] = 'Not found, or not visible to you (the two are not told apart)';
  if (WITH_BODY.has(method)) {
    refusals[408] =
      'The body did not arrive in time (REQUEST_BODY_IDLE_SECONDS without progress, or not whole within REQUEST_BODY_SECONDS, UPLOAD_SECONDS for an upload): the connection is closed, nothing was changed; send it again';
    refusals[413] = 'The body is too large';
    refusals[415] = 'Unsupported content type';
  }
  if (route.signIn) refusals[429] = 'Too many sign-in attempts for this account or from this address';
  else if (!route.isPublic) refusals[429] = 'Too many requests from this user';
  refusals[503] =
    'Briefly unavailable: the database is busy, unreachable or out of space, the disk is full, or (for an upload) UPLOAD_CONCURRENCY uploads are already in progress; nothing was changed: try again after Retry-After seconds, with the same Idempotency-Key';
  return refusals;
}

/** Adds the common refusals, and the error body and headers to every refusal, declared or not. */
export function describeErrors(route: ApiRoute, operation: OperationObject, method: string): void {
  const responses = operation.responses as Record<string, ResponseObject>;
  for (const [status, description] of Object.entries(commonRefusals(route, operation, method))) {
    responses[status] ??= { description };
  }
  for (const [status, response] of Object.entries(responses)) {
    if (Number(status) < 400) continue;
    response.content ??= { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } };
    if (status === '429' || status === '503') response.headers = { ...RETRY_AFTER, ...response.headers };
  }
}
