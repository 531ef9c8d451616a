import { ERROR_CODES, type ErrorCode, type ErrorParams } from '../common/errors/error-codes.js';
import { Refusal } from '../common/errors/refusal.js';

/**
 * Why the policy refuses an action: 403 when the viewer may never do it here (its role, or its
 * place on this inquiry), 409 when it could, but not in the present state of the inquiry, the
 * assignment or the message. A viewer who may not even see the thing gets the 404 of a missing id
 * before any of this is asked. 400 is for a request the viewer may not make at all in that form
 * (a filter of the list that is the secretariat's).
 */
export class Denial {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly reason: string,
    readonly params: ErrorParams = {},
  ) {
    this.status = ERROR_CODES[code];
  }
}

/** The policy's answer to "may this viewer do this here": null when it may. */
export type Decision = Denial | null;

type CodeOf<S extends number> = { [C in ErrorCode]: (typeof ERROR_CODES)[C] extends S ? C : never }[ErrorCode];

export const forbidden = (code: CodeOf<403>, reason: string, params?: ErrorParams): Denial => new Denial(code, reason, params);
export const conflict = (code: CodeOf<409>, reason: string, params?: ErrorParams): Denial => new Denial(code, reason, params);
export const badRequest = (code: CodeOf<400>, reason: string, params?: ErrorParams): Denial => new Denial(code, reason, params);

/** Throws the HTTP answer of a refusal; services call it with the policy's decision before they act. */
export function enforce(decision: Decision): void {
  if (!decision) return;
  throw new Refusal(decision.code, decision.reason, decision.params);
}

/** The first refusal among checks taken in order (each only asked when the ones before it passed). */
export function firstDenial(...checks: Array<() => Decision>): Decision {
  for (const check of checks) {
    const d = check();
    if (d) return d;
  }
  return null;
}
