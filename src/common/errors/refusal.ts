import { HttpException } from '@nestjs/common';
import { ERROR_CODES, type ErrorCode, type ErrorParams, type FieldError } from './error-codes.js';

/**
 * A refusal of the service: its stable code (which fixes the status), the English message for
 * people reading the raw answer, and the values the code's translation places. Services throw it
 * instead of Nest's bare exceptions so that every refusal can be told apart and translated.
 */
export class Refusal extends HttpException {
  constructor(
    readonly code: ErrorCode,
    message: string | string[],
    readonly params: ErrorParams = {},
    readonly fields: FieldError[] = [],
  ) {
    super({ message }, ERROR_CODES[code]);
    this.message = Array.isArray(message) ? message.join('; ') : message;
  }
}

/** Shorthand for `throw new Refusal(...)` at the many places a service refuses. */
export const refuse = (code: ErrorCode, message: string, params?: ErrorParams): Refusal => new Refusal(code, message, params);
