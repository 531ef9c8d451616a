import { BadRequestException, ConflictException, ForbiddenException } from '@nestjs/common';

/**
 * Why the policy refuses an action: 403 when the viewer may never do it here (its role, or its
 * place on this inquiry), 409 when it could, but not in the present state of the inquiry, the
 * assignment or the message. A viewer who may not even see the thing gets the 404 of a missing id
 * before any of this is asked. 400 is for a request the viewer may not make at all in that form
 * (a filter of the list that is the secretariat's).
 */
export class Denial {
  constructor(
    readonly status: 400 | 403 | 409,
    readonly reason: string,
  ) {}
}

/** The policy's answer to "may this viewer do this here": null when it may. */
export type Decision = Denial | null;

export const forbidden = (reason: string): Denial => new Denial(403, reason);
export const conflict = (reason: string): Denial => new Denial(409, reason);
export const badRequest = (reason: string): Denial => new Denial(400, reason);

/** Throws the HTTP answer of a refusal; services call it with the policy's decision before they act. */
export function enforce(decision: Decision): void {
  if (!decision) return;
  if (decision.status === 400) throw new BadRequestException(decision.reason);
  throw decision.status === 403 ? new ForbiddenException(decision.reason) : new ConflictException(decision.reason);
}

/** The first refusal among checks taken in order (each only asked when the ones before it passed). */
export function firstDenial(...checks: Array<() => Decision>): Decision {
  for (const check of checks) {
    const d = check();
    if (d) return d;
  }
  return null;
}
